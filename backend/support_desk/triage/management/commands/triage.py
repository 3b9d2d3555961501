"""``triage train`` and ``triage evaluate``: the local triage model from the command line.

supportdesk triage train [--data PATH ...] [--from-db] [--model-dir DIR]
supportdesk triage evaluate [--data PATH ...] [--model-dir DIR]   (default: every evaluation set)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from support_desk.triage.local.examples import Example, read_examples_csv
from support_desk.triage.settings import team_examples


class Command(BaseCommand):
    help = "Train or evaluate the offline local triage model."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="train a new model version and make it current")
        train.add_argument(
            "--data",
            type=Path,
            action="append",
            default=[],
            help="CSV of team examples (text or subject/body, category, priority)",
        )
        train.add_argument("--from-db", action="store_true", help="add the team's corrected tickets")
        train.add_argument("--model-dir", type=Path, help="model directory (default: configured one)")
        evaluate = sub.add_parser("evaluate", help="score the current model on labelled CSVs")
        evaluate.add_argument(
            "--data",
            type=Path,
            action="append",
            default=[],
            help="a labelled CSV (repeatable; default: the packaged evaluation sets)",
        )
        evaluate.add_argument(
            "--language-model",
            action="store_true",
            help="also score the configured language model (one request per text)",
        )
        evaluate.add_argument("--model-dir", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        from support_desk.triage.local.store import configured_model_dir

        model_dir = options["model_dir"] or configured_model_dir()
        if options["action"] == "train":
            self._train(model_dir, options["data"], options["from_db"])
        else:
            self._evaluate(model_dir, options["data"], language_model=options["language_model"])

    def _train(self, model_dir: Path, data: list[Path], from_db: bool) -> None:
        import os

        from support_desk.triage.local.encoder import SentenceEncoder
        from support_desk.triage.local.pipeline import train_and_publish

        team: list[Example] = []
        for path in data:
            team += read_examples_csv(path, source="team")
        if from_db:
            team += list(team_examples())
        with tqdm(desc="embedding", unit="text") as bar:
            # A command has the machine to itself: embed with every core.
            encoder = SentenceEncoder(threads=os.cpu_count() or 1)
            model = train_and_publish(model_dir, team, progress=bar.update, encoder=encoder)
        self.stdout.write(f"published version {model.version} in {model_dir} ({len(team)} team examples)")

    def _evaluate(self, model_dir: Path, data: list[Path], *, language_model: bool = False) -> None:
        from support_desk.triage.local.evaluation import EVALUATION_SETS, evaluate, summary_table
        from support_desk.triage.local.store import ModelStore

        sets = {path.stem: path for path in data} if data else EVALUATION_SETS
        missing = [str(path) for path in sets.values() if not path.exists()]
        if missing:
            raise CommandError(f"{', '.join(missing)} does not exist")
        model = ModelStore(model_dir).load()
        results = []
        for name, path in sets.items():
            examples = read_examples_csv(path)
            with tqdm(total=len(examples), desc=name, unit="text") as bar:
                results.append(evaluate(model, examples, progress=bar.update, name=name))
        for result in results:
            self.stdout.write(result.report)
        self.stdout.write(summary_table(results))
        if language_model:
            self._evaluate_language_model(sets)

    def _evaluate_language_model(self, sets: dict[str, Path]) -> None:
        from support_desk.triage.llm import get_llm_classifier
        from support_desk.triage.local.evaluation import evaluate_suggester

        llm = get_llm_classifier()
        if not llm.configured:
            raise CommandError("no language model is configured (LLM_BASE_URL / LLM_API_KEY)")

        def suggest(text: str) -> tuple[str, str] | None:
            answer = llm.classify(text)
            return None if answer is None else (answer.category, answer.priority)

        self.stdout.write(f"\nlanguage model {llm.config.effective_model} (no answer counts as wrong in F1):")
        for name, path in sets.items():
            scores = evaluate_suggester(suggest, read_examples_csv(path))
            line = ", ".join(
                f"{field} macro-F1 {s.macro_f1:.3f}, answered {s.coverage:.1%}, precision {s.precision:.3f}"
                for field, s in scores.items()
            )
            self.stdout.write(f"  {name}: {line}")
