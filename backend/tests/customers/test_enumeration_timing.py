"""Whether an address has an account must not show in the answers of the public endpoints,
over real HTTP (the app served by live_server on PostgreSQL): not in the status, the headers,
the body, nor the time they take. Measured over 40 requests for a known and 40 for an unknown
address, in a shuffled order, without a worker (jobs in-process) and with a real Celery worker
on the local Redis."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from support_desk.accounts.models import SignInLink, User
from support_desk.config.celery import app
from support_desk.core.jobs import background_jobs_wait
from support_desk.core.process_commands import celery_worker_command, stop_process
from support_desk.customers.services import form_token_issue
from support_desk.customers.throttles import PublicAddressThrottle, PublicClientThrottle
from support_desk.tickets.models import Ticket
from tests.customers.http import Answer, post_json
from tests.mail.servers import SmtpSink
from tests.triage.test_background_recheck import database_url, drop_broker_connections

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SAMPLES = 40
# What one, two or three rounds (with their warm-up) ask for the known address.
ROUNDS_OF_REQUESTS = {rounds * (SAMPLES + 3) for rounds in (1, 2, 3)}
# The mail relay takes this long to accept a message, as one across a network does: mail sent
# during the request would show in its time.
RELAY_SECONDS = 0.03
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(autouse=True)
def _room_for_the_samples(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """The public throttles (10 an hour per client and per address) would stop the samples
    long before 40; what is measured here is the work behind them."""
    for throttle in (PublicClientThrottle, PublicAddressThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, "public": "1000/hour"})
    settings.PUBLIC_FORM_MIN_SECONDS = 0


@pytest.fixture
def known(maria: User) -> str:
    return maria.email


def _sample(
    base_url: str,
    path: str,
    body_for: Callable[[str], dict[str, Any]],
    known_address: str,
    settle: Callable[[], None],
) -> dict[str, list[Answer]]:
    """40 answers for the known address and 40 for fresh unknown ones, asked in pairs (which of
    the two goes first is drawn for each pair) after a few warm-up requests; `settle` runs
    between requests. Pairs share the machine's load of the moment, so it cancels out."""
    draw = random.Random(18)
    answers: dict[str, list[Answer]] = {"known": [], "unknown": []}
    for _ in range(SAMPLES + 3):
        pair = ["known", "unknown"]
        draw.shuffle(pair)
        for kind in pair:
            address = known_address if kind == "known" else f"nobody-{uuid.uuid4().hex[:10]}@customer.test"
            answers[kind].append(post_json(base_url, path, body_for(address)))
            settle()
    return {kind: found[3:] for kind, found in answers.items()}  # without the warm-up


def _comparable(answer: Answer, *, ignore: tuple[str, ...] = ()) -> tuple[int, list[tuple[str, str]], Any]:
    # The date and the request's own id differ on every answer, whoever asks.
    skip = ("date", "x-request-id", *ignore)
    headers = sorted((name, value) for name, value in answer.headers.items() if name not in skip)
    body = {key: value for key, value in answer.json().items() if key not in ignore}
    return answer.status, headers, body


def _timing_gap(answers: dict[str, list[Answer]]) -> tuple[float, float]:
    """The median of the pairs' differences (known minus unknown) and what noise allows: 5 ms,
    or a quarter of the median answer on a slow or busy machine."""
    gaps = [k.seconds - u.seconds for k, u in zip(answers["known"], answers["unknown"], strict=True)]
    typical = statistics.median(answer.seconds for kind in answers.values() for answer in kind)
    return statistics.median(gaps), max(0.005, 0.25 * typical)


def _assert_indistinguishable(
    measure: Callable[[], dict[str, list[Answer]]], *, ignore: tuple[str, ...] = ()
) -> None:
    """The same status, headers and body for every address, and the same time: a real gap
    shows in every round, a burst of load on a shared machine in one, so up to three rounds
    are measured."""
    findings = []
    for _ in range(3):
        answers = measure()
        shapes = {repr(_comparable(answer, ignore=ignore)) for kind in answers.values() for answer in kind}
        assert len(shapes) == 1, shapes
        gap, allowed = _timing_gap(answers)
        findings.append(f"{gap * 1000:+.1f} ms (allowed {allowed * 1000:.1f})")
        if abs(gap) < allowed:
            return
    raise AssertionError(f"a known address answers slower or faster by: {', '.join(findings)}")


def _magic_link(address: str) -> dict[str, Any]:
    return {"email": address, "next": "/tickets/7"}


def _public_form(address: str) -> dict[str, Any]:
    return {
        "name": "Lena Fischer",
        "email": address,
        "title": "Invoice shows the wrong amount",
        "description": "My December invoice charges me twice for the same plan.",
        "form_token": form_token_issue(),
        "website": "",
    }


def _settle_in_process() -> None:
    assert background_jobs_wait(), "the background jobs did not finish"


# --- without a worker: jobs run in-process --------------------------------------------------


def test_asking_for_a_sign_in_link_takes_as_long_for_any_address(
    live_server: Any, smtp_sink: SmtpSink, known: str
) -> None:
    smtp_sink.accept_slowly(RELAY_SECONDS)
    _assert_indistinguishable(
        lambda: _sample(live_server.url, "/api/auth/magic-link/", _magic_link, known, _settle_in_process)
    )
    # The work was done all the same: every request for the known address mailed a link.
    assert {tuple(mail.recipients) for mail in smtp_sink.received} == {(known,)}
    assert len(smtp_sink.received) in ROUNDS_OF_REQUESTS


def test_the_public_form_takes_as_long_for_any_address(
    live_server: Any, smtp_sink: SmtpSink, known: str
) -> None:
    smtp_sink.accept_slowly(RELAY_SECONDS)
    _assert_indistinguishable(
        lambda: _sample(live_server.url, "/api/public/tickets/", _public_form, known, _settle_in_process),
        ignore=("ticket_number", "content-length"),
    )
    assert Ticket.objects.filter(requester__email=known).count() in ROUNDS_OF_REQUESTS


# --- with a worker: the jobs go to the queue --------------------------------------------------


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker on a queue of this test's own, on the shared Redis."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    drop_broker_connections()
    django_settings.CELERY_TASK_ALWAYS_EAGER = False
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "support_desk.config.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
    }
    with (tmp_path / "worker.log").open("wb") as log:
        command = celery_worker_command(queue=queue)
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            stop_process(process, grace_seconds=15)
            app.conf.update(previous)
            drop_broker_connections()
            django_settings.CELERY_TASK_ALWAYS_EAGER = True


def _wait_for(condition: Callable[[], bool], timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _pause() -> None:
    time.sleep(0.2)  # the worker does the jobs of one request before the next is timed


def test_with_a_worker_asking_for_a_sign_in_link_takes_as_long_for_any_address(
    live_server: Any, worker: subprocess.Popen[bytes], maria: User
) -> None:
    _assert_indistinguishable(
        lambda: _sample(live_server.url, "/api/auth/magic-link/", _magic_link, maria.email, _pause)
    )
    assert _wait_for(lambda: SignInLink.objects.filter(user=maria).count() in ROUNDS_OF_REQUESTS)
    assert SignInLink.objects.exclude(user=maria).count() == 0


def test_with_a_worker_the_public_form_takes_as_long_for_any_address(
    live_server: Any, worker: subprocess.Popen[bytes], maria: User
) -> None:
    _assert_indistinguishable(
        lambda: _sample(live_server.url, "/api/public/tickets/", _public_form, maria.email, _pause),
        ignore=("ticket_number", "content-length"),
    )
    assert Ticket.objects.filter(requester=maria).count() in ROUNDS_OF_REQUESTS
