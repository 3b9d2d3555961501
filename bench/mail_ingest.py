"""The mail scenario of `make bench`: messages ingested per second through `supportdesk mail
ingest`, triage included, and where the time goes.

    python bench/mail_ingest.py --messages 2000        # or: make bench (runs it after the API)

What a run does:

1. A fresh PostgreSQL database `supportdesk_bench_mail` on BENCH_PG_URL, migrated.
2. Messages made here, as mail servers deliver them: 60% new tickets (plain, HTML-only, text
   with an HTML alternative and a small attachment), 40% replies to those (Gmail-style quoting,
   In-Reply-To the original), from a few hundred senders.
3. Production settings, the local triage model (every new ticket is triaged in the request, as
   on the web), jobs queued to Redis (as in deploy/compose.yaml; nothing sends them here).
4. `supportdesk mail ingest FILE...`: one process over every message, then two processes side
   by side (2 cores) over another set, new tickets first, then their replies. The rate is the
   messages over the wall time of the commands; the start-up of one process (Django, the
   model) is measured apart and reported.
5. One more process under cProfile, its time split by the pipeline's steps.

Writes bench/results/mail.json and bench/results/mail.md. Target: >= 50 messages/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import psycopg
import redis

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DATABASE = "supportdesk_bench_mail"
TARGET_PER_SECOND = 50
SUPPORT = "support@bench.test"
PROBLEMS = [
    (
        "Charged twice this month",
        "I was charged twice for my subscription, please refund one of the payments.",
    ),
    ("Cannot log in", "The login page says my password is wrong although I reset it an hour ago."),
    ("Export crashes", "Exporting the monthly report to CSV fails with an error 500 every time."),
    ("Invoice address", "Please change the billing address on our invoices to the new office."),
    ("API returns 502", "Our integration gets 502 Bad Gateway from the API since this morning."),
    ("Feature request: dark mode", "It would be great to have a dark mode in the web app."),
]
# Where the time goes: the pipeline's steps, by the function that does each.
STEPS = {
    "parse (email, charsets, HTML, files)": ("mail/parsing.py", "parse_mail"),
    "quoted-reply split": ("email_reply_parser", "parse_reply"),
    "triage (local model)": ("triage/engine.py", "suggest_for_ticket"),
    "threading lookups": ("mail/threading.py", "ticket_for_reply"),
    "sender check (DKIM, Authentication-Results)": ("mail/sender_auth.py", "sender_check"),
    "requester lookup or creation": ("accounts/services.py", "requester_for_address"),
    "ticket write (incl. events, counters)": ("tickets/services.py", "ticket_create"),
    "reply write (incl. reopen)": ("tickets/services.py", "message_create"),
    "attachment files": ("tickets/attachments.py", "attachments_store"),
    "notifications (render, record, queue)": ("mail/outbound.py", "notify"),
    "received-mail record": ("mail/services.py", "_record"),
    "commit": ("django/db/transaction.py", "__exit__"),
}


def log(message: str) -> None:
    print(f"[bench mail] {message}", file=sys.stderr, flush=True)


def new_ticket(index: int, sender: str, rng: random.Random) -> tuple[bytes, str, str]:
    """(raw, Message-ID, subject) of a new ticket mail in one of the common shapes."""
    title, text = rng.choice(PROBLEMS)
    message = EmailMessage()
    message["From"] = f"Customer {sender.split('@')[0]} <{sender}>"
    message["To"] = SUPPORT
    message["Subject"] = f"{title} ({index})"
    message_id = make_msgid(idstring=str(index), domain="customers.bench.test")
    message["Message-ID"] = message_id
    shape = index % 20
    if shape < 13:
        message.set_content(f"Hello,\n\n{text}\n\nThanks,\n{sender}\n")
    elif shape < 18:
        message.set_content(
            f"<html><body><p>Hello,</p><p>{text}</p><p>Thanks</p></body></html>", subtype="html"
        )
    else:
        message.set_content(f"{text}\nScreenshot attached.")
        message.add_alternative(f"<p>{text}</p><p>Screenshot attached.</p>", subtype="html")
        message.add_attachment(os.urandom(20_000), maintype="image", subtype="png", filename="screenshot.png")
    return message.as_bytes(), message_id, message["Subject"]


def reply(index: int, sender: str, original_id: str, subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = SUPPORT
    message["Subject"] = f"Re: {subject}"
    message["Message-ID"] = make_msgid(idstring=f"r{index}", domain="customers.bench.test")
    message["In-Reply-To"] = original_id
    message["References"] = original_id
    message.set_content(
        "Any news on this? It is still happening.\n\n"
        f"On Tue, Dec 1, 2026 at 9:00 AM Customer <{sender}> wrote:\n> Hello,\n> the problem.\n"
    )
    return message.as_bytes()


def make_messages(folder: Path, count: int, seed: int) -> tuple[list[Path], list[Path]]:
    """Files of new-ticket mails, and of replies to them (to ingest after them)."""
    rng = random.Random(seed)  # noqa: S311 - test data, the same each run
    folder.mkdir(parents=True)
    senders = [f"person{number}.{seed}@customers.bench.test" for number in range(max(10, count // 8))]
    new_count = count * 6 // 10
    originals: list[tuple[str, str, str]] = []
    new_files, reply_files = [], []
    for index in range(new_count):
        sender = rng.choice(senders)
        raw, message_id, subject = new_ticket(index, sender, rng)
        path = folder / f"new-{index:06d}.eml"
        path.write_bytes(raw)
        new_files.append(path)
        originals.append((sender, message_id, subject))
    for index in range(count - new_count):
        sender, message_id, subject = rng.choice(originals)
        path = folder / f"reply-{index:06d}.eml"
        path.write_bytes(reply(index, sender, message_id, subject))
        reply_files.append(path)
    return new_files, reply_files


def environment(url: str, var_dir: Path, queue: str, redis_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "EMAIL_URL", "MAIL_INBOX_URL", "LLM_BASE_URL", "DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="support_desk.config.settings.production",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        TRIAGE_PROVIDER="local",
        TRIAGE_RECHECK_AFTER_CREATE="false",
        SUPPORT_EMAIL_ADDRESS=SUPPORT,
        SUPPORTDESK_VAR_DIR=str(var_dir),
        TRIAGE_MODEL_DIR=str(var_dir / "triage-model"),
        CELERY_BROKER_URL=redis_url,
        CELERY_QUEUE=queue,
        # A few senders write several tickets; the acknowledgement limit is not what is measured.
        MAIL_ACKS_PER_SENDER_PER_HOUR="1000",
        LOG_LEVEL="warning",
        PYTHONUNBUFFERED="1",
    )
    return env


def ingest_command(files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "support_desk", "mail", "ingest", *map(str, files)]


def run_processes(env: dict[str, str], groups: list[list[Path]]) -> tuple[float, list[str], float]:
    """Wall time of `mail ingest` over each group at once, every line they printed, and the
    CPU seconds the processes used (the database server's are not in it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            ingest_command(group), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for group in groups
        if group
    ]
    lines: list[str] = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"mail ingest failed (exit {process.returncode}):\n{err[-3000:]}")
        lines += out.splitlines()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, lines, cpu


def outcomes(lines: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        word = line.split()[-1] if " ticket " in line else " ".join(line.split()[1:])
        counts[word] = counts.get(word, 0) + 1
    return counts


def measure(
    env: dict[str, str], new: list[list[Path]], replies: list[list[Path]], startup: float, startup_cpu: float
) -> dict[str, Any]:
    """New-ticket mails, then their replies, each split over len(new) processes side by side."""
    messages = sum(map(len, new)) + sum(map(len, replies))
    log(f"{len(new)} process(es): {messages} messages")
    wall_new, lines_new, cpu_new = run_processes(env, new)
    wall_replies, lines_replies, cpu_replies = run_processes(env, replies)
    wall = wall_new + wall_replies
    # Each process started twice (new, then replies); its start-up is measured apart.
    starts = 2 * len(new)
    return {
        "processes": len(new),
        "messages": messages,
        "wall_seconds": round(wall, 2),
        "per_second": round(messages / wall, 1),
        "per_second_after_startup": round(messages / (wall - 2 * startup), 1),
        "cpu_ms_per_message": round((cpu_new + cpu_replies - starts * startup_cpu) * 1000 / messages, 1),
        "outcomes": outcomes(lines_new + lines_replies),
    }


def profile_steps(env: dict[str, str], files: list[Path], out: Path) -> dict[str, Any]:
    """One ingest process under cProfile; cumulative seconds per pipeline step."""
    code = (
        "import cProfile, sys; from support_desk.__main__ import main; "
        f"sys.argv = ['supportdesk', 'mail', 'ingest', *{[str(f) for f in files]!r}]; "
        f"cProfile.run('main()', {str(out)!r})"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # noqa: S603
    stats = pstats.Stats(str(out))
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = next(
        (cumulative for (path, _, name), (_, _, _, cumulative, _) in table.items() if name == "mail_ingest"),
        0.0,
    )
    steps = {}
    for label, (path_part, function) in STEPS.items():
        seconds = sum(
            cumulative
            for (path, _, name), (_, _, _, cumulative, _) in table.items()
            if name == function and path_part in path
        )
        steps[label] = {"seconds": round(seconds, 3), "share": round(seconds / total, 3) if total else None}
    return {"messages": len(files), "pipeline_seconds": round(total, 3), "steps": steps}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--messages", type=int, default=2000, help="Messages per measured run (default 2000)."
    )
    parser.add_argument(
        "--server-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--output", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)

    load_at_start = Path("/proc/loadavg").read_text().split()[:3]
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    queue = f"bench-mail-{uuid.uuid4().hex[:12]}"
    work = Path(tempfile.mkdtemp(prefix="supportdesk-bench-mail-"))
    with psycopg.connect(f"{args.server_url.rstrip('/')}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = f"{args.server_url.rstrip('/')}/{DATABASE}"
    env = environment(url, work / "var", queue, redis_url)
    try:
        log("migrating a fresh database")
        subprocess.run(
            [sys.executable, "-m", "support_desk", "migrate", "--noinput"],
            env=env,
            check=True,
            capture_output=True,
        )
        log(f"making {args.messages * 2 + 300} messages")
        one_new, one_replies = make_messages(work / "one", args.messages, seed=1)
        two_new, two_replies = make_messages(work / "two", args.messages, seed=2)
        warm_new, _ = make_messages(work / "warm", 5, seed=3)
        profile_new, profile_replies = make_messages(work / "profile", 300, seed=4)

        log("start-up of one process (one message)")
        startups = [run_processes(env, [[path]]) for path in warm_new[:3]]
        startup = sorted(run[0] for run in startups)[1]
        startup_cpu = sorted(run[2] for run in startups)[1]

        one = measure(env, [one_new], [one_replies], startup, startup_cpu)
        log(f"one process: {one['per_second']} messages/s")
        two = measure(
            env, [two_new[0::2], two_new[1::2]], [two_replies[0::2], two_replies[1::2]], startup, startup_cpu
        )
        log(f"two processes: {two['per_second']} messages/s")

        log("profiling one process over 300 messages")
        profile = profile_steps(env, profile_new + profile_replies, work / "ingest.prof")
        if os.environ.get("BENCH_KEEP_PROFILE"):
            shutil.copy(work / "ingest.prof", os.environ["BENCH_KEEP_PROFILE"])
    finally:
        client = redis.Redis.from_url(redis_url)
        client.delete(queue, "celery")
        client.close()
        shutil.rmtree(work, ignore_errors=True)

    report = {
        "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": Path("/proc/loadavg").read_text().split()[:3],
        },
        "settings": {
            "triage": "local model, in the request",
            "jobs": "queued to Redis",
            "database": "PostgreSQL",
        },
        "startup_seconds": round(startup, 2),
        "one_process": one,
        "two_processes": two,
        "profile": profile,
        "target": {
            "per_second": TARGET_PER_SECOND,
            "value": two["per_second"],
            "met": two["per_second"] >= TARGET_PER_SECOND,
        },
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "mail.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.output / "mail.md").write_text(markdown(report))
    log(f"wrote {args.output / 'mail.md'}")
    return report


def _row(label: str, run: dict[str, Any], *, bold: bool) -> str:
    rate = f"**{run['per_second']}**" if bold else str(run["per_second"])
    return (
        f"| {label} | {run['messages']} | {run['wall_seconds']} | {rate} | {run['per_second_after_startup']}"
        f" | {run['cpu_ms_per_message']} |"
    )


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.0f}%"


def markdown(report: dict[str, Any]) -> str:
    one, two, profile = report["one_process"], report["two_processes"], report["profile"]
    met = "met" if report["target"]["met"] else "missed"
    rows = "\n".join(
        f"| {label} | {step['seconds']} | {_percent(step['share'])} |"
        for label, step in sorted(profile["steps"].items(), key=lambda item: -item[1]["seconds"])
    )
    return f"""# Mail ingest benchmark

{report["finished_at"]}, {report["machine"]["cores"]} cores, Python {report["machine"]["python"]};
{report["settings"]["triage"]}, jobs {report["settings"]["jobs"]}, {report["settings"]["database"]}.
Messages: 60% new tickets (plain, HTML-only, alternative with a 20 kB attachment), 40% replies
threaded by In-Reply-To. Rates are messages over the wall time of `supportdesk mail ingest FILE...`.

| run | messages | wall s | messages/s | messages/s after start-up | ingest CPU ms per message |
| --- | --- | --- | --- | --- | --- |
{_row("1 process", one, bold=False)}
{_row("2 processes", two, bold=True)}

Load average (1, 5, 15 min) at the start: {", ".join(report["machine"]["load_average_at_start"])};
at the end: {", ".join(report["machine"]["load_average_at_end"])}. On a machine shared with other
work the wall-clock rates fall with the load; the CPU time per message moves much less.

Target on 2 cores: >= {report["target"]["per_second"]} messages/s: **{met}**. Start-up of one
process (Django, the local model): {report["startup_seconds"]} s. Outcomes (1 process):
{one["outcomes"]}.

## Where the time goes

One process over {profile["messages"]} messages under cProfile ({profile["pipeline_seconds"]} s in
the pipeline; profiling slows everything down evenly). Steps nest: triage runs inside the
ticket write, the quoted-reply split inside parsing's callers, so shares add up to more than 100%.

| step | seconds | share of the pipeline |
| --- | --- | --- |
{rows}
"""


if __name__ == "__main__":
    main()
