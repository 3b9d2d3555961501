"""The demo's last hour: a burst of customers reporting the same checkout outage (enough to
form an incident) and a few tickets in other languages."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from support_desk.sla.selectors import PolicyTable
from support_desk.tickets.demo.generator import DemoTicket
from support_desk.tickets.demo.service_levels import demo_clocks
from support_desk.tickets.enums import Status

OUTAGE = (
    ("Checkout fails with error 502", "I get a 502 Bad Gateway when I click Pay. Tried twice."),
    ("Cannot pay - 502 error", "The payment page shows error 502 since this morning."),
    ("Error 502 on checkout", "Every time I try to pay for my order I see 502."),
    ("Checkout broken", "Paying for my order fails with a gateway error (502)."),
    ("Store checkout returns 502", "Your checkout returns 502 Bad Gateway for me, on phone and laptop."),
    ("Payment step fails", "At the payment step the page says 502 Bad Gateway and nothing is charged."),
)
OTHER_LANGUAGES = (
    ("Rechnung doppelt abgebucht", "Mir wurde die Rechnung für März zweimal abgebucht. Bitte erstatten."),
    ("Impossible de me connecter", "Depuis hier, je ne peux plus me connecter : le mot de passe est refusé."),
    ("No puedo descargar la factura", "Al pulsar en descargar factura no pasa nada. ¿Me la pueden enviar?"),
)


def recent_demo_tickets(
    *, now: datetime, requester_ids: Sequence[int], policies: PolicyTable | None = None, seed: int = 5
) -> list[DemoTicket]:
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data
    rows = []
    texts = [(text, "technical", "high", 48 - 8 * i) for i, text in enumerate(OUTAGE)]
    texts += [(text, "general", "medium", 90 + 20 * i) for i, text in enumerate(OTHER_LANGUAGES)]
    for (title, description), category, priority, minutes_ago in texts:
        created_at = now - timedelta(minutes=minutes_ago)
        rows.append(
            DemoTicket(
                title=title,
                description=description,
                category=category,
                priority=priority,
                status=Status.OPEN,
                created_at=created_at,
                updated_at=created_at,
                resolved_at=None,
                resolution_seconds=None,
                requester_id=rng.choice(requester_ids) if requester_ids else None,
                assignee_id=None,
                version=1,
                category_source="requester",
                priority_source="requester",
                clocks=demo_clocks(
                    rng,
                    policies,
                    priority=priority,
                    category=category,
                    status=Status.OPEN,
                    created_at=created_at,
                    resolved_at=None,
                    assigned=False,
                    now=now,
                ),
            )
        )
    return rows
