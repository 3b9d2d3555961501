"""Background triage on a real Celery worker and the local Redis: the language model's second
opinion after creation, and a job that fails for good is recorded."""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from support_desk.config.celery import app
from support_desk.core.models import FailedJob
from support_desk.core.process_commands import celery_worker_command, stop_process
from support_desk.tickets import services
from support_desk.tickets.models import Ticket
from support_desk.tickets.ticket_triage import triage_ticket
from tests.fakes.fake_llm_server import FakeLLMServer, answer, error

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of this test's own on the shared Redis, so parallel runs never mix."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=name)
    drop_broker_connections()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield name
    app.conf.update(previous)
    drop_broker_connections()
    settings.CELERY_TASK_ALWAYS_EAGER = True


def drop_broker_connections() -> None:
    """Celery keeps its connection pool for the broker it first saw; start over with the new one."""
    app._pool = None
    app.amqp._producer_pool = None


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log_path: Path

    def outcomes(self, task_name: str) -> list[str]:
        """What each finished run of `task_name` returned, in order (from the worker's log)."""
        pattern = re.compile(rf"Task {re.escape(task_name)}\[[^\]]+\] succeeded in [0-9.]+s: '([^']*)'")
        return pattern.findall(self.log_path.read_text(errors="replace"))


@pytest.fixture
def worker(queue: str, fake_llm: FakeLLMServer, tmp_path: Path) -> Iterator[Worker]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "support_desk.config.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "LLM_BASE_URL": fake_llm.base_url,
        "LLM_MODEL": "fake-model",
        # Generous: a busy CI machine must not turn a slow answer into a timeout.
        "LLM_TIMEOUT_SECONDS": "10",
        "JOB_MAX_RETRIES": "1",
        "TRIAGE_PROVIDER": "llm",
        "JOB_RETRY_BACKOFF_SECONDS": "1",
    }
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        celery_worker_command(queue=queue),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield Worker(process=process, log_path=log_path)
    stop_process(process, grace_seconds=15)
    log.close()


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_worker_adds_the_language_models_opinion_after_creation(
    worker, fake_llm, llm_configured, use_provider
) -> None:
    use_provider("auto")
    # At creation the provider fails; the worker later gets a good answer.
    fake_llm.enqueue(error(500), error(500), answer("billing", "high"))
    ticket = services.ticket_create(title="Double charge", description="I was billed twice for March.")
    assert ticket.suggestion_source != "llm"

    def rechecked() -> bool:
        return Ticket.objects.get(pk=ticket.pk).suggestion_source == "llm"

    assert wait_for(rechecked), "the worker did not recheck the ticket"
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.suggested_category, stored.suggested_priority) == ("billing", "high")
    assert (stored.category, stored.priority) == ("billing", "high")  # nobody had chosen labels


def test_rechecking_twice_changes_nothing_the_second_time(worker, fake_llm) -> None:
    fake_llm.enqueue(answer("account", "low"))
    ticket = services.ticket_create(title="Login", description="Cannot sign in.")
    triage_ticket.delay(ticket.pk)
    assert wait_for(lambda: Ticket.objects.get(pk=ticket.pk).suggestion_source == "llm")
    version = Ticket.objects.get(pk=ticket.pk).version
    triage_ticket.delay(ticket.pk)
    # Wait until the worker has really run the job a second time, then look.
    assert wait_for(lambda: len(worker.outcomes("triage.triage_ticket")) == 2)
    assert worker.outcomes("triage.triage_ticket") == [
        "triaged by the language model",
        "already triaged by the language model",
    ]
    assert Ticket.objects.get(pk=ticket.pk).version == version
    assert len(fake_llm.requests) == 1


def test_a_job_that_fails_for_good_is_recorded(worker, fake_llm) -> None:
    fake_llm.enqueue(*[error(500)] * 20)
    ticket = services.ticket_create(title="Crash", description="The app crashes on start.")
    triage_ticket.delay(ticket.pk)
    assert wait_for(lambda: FailedJob.objects.filter(task_name="triage.triage_ticket").exists())
    failed = FailedJob.objects.get(task_name="triage.triage_ticket")
    assert failed.args == [ticket.pk]
    assert "LanguageModelUnavailable" in failed.error
