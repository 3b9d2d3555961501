"""The public training sources (banking77 and GitBugs Hadoop) mapped onto our taxonomy.

Both are CC BY 4.0; the attributions belong in the project's NOTICE file. The data
directory is the ``TRIAGE_DATA_DIR`` setting: by default ``shared/data`` beside the
repository (where the workplace and CI put it).
"""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path

from support_desk.triage.local.examples import Example
from support_desk.triage.settings import public_data_dir
from support_desk.triage.taxonomy import Category, Priority

# JIRA priority → ours. Blocker stops a release (critical); "Critical" in JIRA is a
# severe bug that does not block everyone (high); Major is the default and so the
# noisiest; Minor and Trivial are low.
JIRA_PRIORITY = {
    "Blocker": Priority.CRITICAL,
    "Critical": Priority.HIGH,
    "Major": Priority.MEDIUM,
    "Minor": Priority.LOW,
    "Trivial": Priority.LOW,
}

# Long bug descriptions are mostly stack traces and code; the first part says what is wrong.
_HADOOP_BODY_CHARS = 300
_JIRA_MARKUP = re.compile(r"\{code[^}]*\}|\{noformat\}|\[~[^\]]*\]|\s+")


def default_data_dir() -> Path:
    """Where the public data lives (see the module docstring)."""
    return public_data_dir()


def banking77_examples(split: str = "train", data_dir: Path | None = None) -> list[Example]:
    """banking77 queries with category and priority taken from ``intent_map.csv``."""
    folder = (data_dir or default_data_dir()) / "triage" / "banking77"
    with (folder / "intent_map.csv").open(newline="", encoding="utf-8") as handle:
        intent_map = {row["intent"]: (row["category"], row["priority"]) for row in csv.DictReader(handle)}
    with (folder / f"{split}.csv").open(newline="", encoding="utf-8") as handle:
        return [
            Example(row["text"], *intent_map[row["category"]], source="banking77")
            for row in csv.DictReader(handle)
        ]


def hadoop_examples(data_dir: Path | None = None) -> list[Example]:
    """GitBugs Hadoop bug reports: all technical, priority mapped from JIRA."""
    path = (data_dir or default_data_dir()) / "triage" / "gitbugs_hadoop" / "hadoop_bugs.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    examples = []
    for row in rows:
        body = _JIRA_MARKUP.sub(" ", row["Description"])[:_HADOOP_BODY_CHARS]
        text = f"{row['Summary'].strip()}. {body.strip()}".strip()
        examples.append(
            Example(text, Category.TECHNICAL, JIRA_PRIORITY[row["Priority"]], source="gitbugs_hadoop")
        )
    return examples


# The same examples, already mapped, shipped in the package (CC BY 4.0, see NOTICE) so that
# `supportdesk triage train` works on a server that has no copy of the raw data sets.
PACKAGED_EXAMPLES = Path(__file__).resolve().parent / "assets" / "public_examples.csv.gz"


def public_examples(data_dir: Path | None = None) -> list[Example]:
    """All public training examples (banking77 train split + Hadoop).

    Read from the raw data sets when they are there, else from the packaged copy.
    """
    folder = data_dir or default_data_dir()
    if data_dir is not None or (folder / "triage" / "banking77").is_dir():
        return banking77_examples("train", folder) + hadoop_examples(folder)
    return read_packaged_examples()


def read_packaged_examples(path: Path = PACKAGED_EXAMPLES) -> list[Example]:
    with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
        return [
            Example(row["text"], row["category"], row["priority"], source=row["source"])
            for row in csv.DictReader(handle)
        ]


def write_packaged_examples(examples: list[Example], path: Path = PACKAGED_EXAMPLES) -> None:
    """Write the mapped public examples for shipping (run by `build_default`)."""
    with gzip.open(path, "wt", newline="", encoding="utf-8", compresslevel=9) as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "category", "priority", "source"])
        for example in examples:
            writer.writerow([example.text, example.category, example.priority, example.source])
