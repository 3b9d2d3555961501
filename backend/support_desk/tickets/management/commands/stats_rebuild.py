"""`supportdesk stats_rebuild`: recompute the statistics counters from the ticket table.

Counters are kept exact by every write through the services; this repairs them after
data was changed another way (a bulk load, a manual SQL fix, a restored backup).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from support_desk.tickets.stats import stats_rebuild


class Command(BaseCommand):
    help = "Recompute the statistics counters from the tickets."

    def handle(self, *args: Any, **options: Any) -> None:
        totals = stats_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt statistics for {totals.get('total', 0)} tickets."))
