"""Two writes that lock the same rows in opposite orders deadlock on PostgreSQL; the one it
aborts runs again and both finish."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from support_desk.core.deadlocks import retry_on_deadlock
from support_desk.tickets import services
from support_desk.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def crossed_writes(*, retried: bool) -> tuple[list[str], list[BaseException]]:
    first = services.ticket_create(title="One", description="d").pk
    second = services.ticket_create(title="Two", description="d").pk
    both_hold_one = threading.Barrier(2, timeout=10)
    finished: list[str] = []
    failures: list[BaseException] = []

    def write(name: str, order: tuple[int, int]) -> None:
        attempts = 0

        def locked_in_order() -> None:
            nonlocal attempts
            attempts += 1
            with transaction.atomic():
                Ticket.objects.select_for_update().filter(pk=order[0]).get()
                if attempts == 1:
                    both_hold_one.wait()
                Ticket.objects.select_for_update().filter(pk=order[1]).get()
                Ticket.objects.filter(pk=order[1]).update(title=name)

        try:
            (retry_on_deadlock(locked_in_order) if retried else locked_in_order)()
            finished.append(name)
        except BaseException as error:  # reported to the test below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=("a", (first, second))),
        threading.Thread(target=write, args=("b", (second, first))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(finished), failures


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and deadlock detection")
def test_without_the_retry_one_of_two_crossed_writes_fails() -> None:
    finished, failures = crossed_writes(retried=False)
    assert len(finished) == 1
    assert len(failures) == 1
    assert isinstance(failures[0], OperationalError)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and deadlock detection")
def test_the_deadlock_victim_runs_again_and_both_writes_finish() -> None:
    finished, failures = crossed_writes(retried=True)
    assert failures == []
    assert finished == ["a", "b"]
