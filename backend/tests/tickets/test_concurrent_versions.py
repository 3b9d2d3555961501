"""Many writers on one ticket with versions: accepted changes are all kept, stale ones refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from support_desk.core.errors import ApplicationError
from support_desk.tickets import services
from support_desk.tickets.models import Ticket, TicketEvent


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_versioned_updates_lose_nothing() -> None:
    ticket = services.ticket_create(title="Hot ticket", description="Everyone edits this.")
    accepted: list[tuple[int, str]] = []
    conflicts: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def writer(index: int) -> None:
        try:
            barrier.wait()
            for step in range(10):
                current = Ticket.objects.get(pk=ticket.pk)
                title = f"writer {index} step {step}"
                try:
                    services.ticket_update(
                        ticket_id=ticket.pk, changes={"title": title}, expected_version=current.version
                    )
                except ApplicationError as exc:
                    with lock:
                        conflicts.append(exc.status_code)
                else:
                    with lock:
                        accepted.append((current.version, title))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(accepted) + len(conflicts) == 80
    assert conflicts, "with 8 writers some edits must have been stale"
    assert set(conflicts) == {409}
    final = Ticket.objects.get(pk=ticket.pk)
    # Each accepted change moved the version on by exactly one: none was overwritten silently.
    assert final.version == 1 + len(accepted)
    versions = sorted(version for version, _ in accepted)
    assert versions == list(range(1, 1 + len(accepted)))
    # The last accepted title is the one stored, and every accepted change is on the timeline.
    assert final.title == max(accepted)[1]
    logged = set(
        TicketEvent.objects.filter(ticket=ticket, kind="title_changed").values_list("new_value", flat=True)
    )
    assert logged == {title for _, title in accepted}
