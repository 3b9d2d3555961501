"""The ticket list reads policies from a per-process cache; writes read them afresh."""

from __future__ import annotations

import pytest

from support_desk.sla.models import SlaPolicy
from support_desk.sla.selectors import PolicyCache, policies_by_id
from tests.fakes.clock import FakeClock


@pytest.mark.django_db
def test_the_display_cache_serves_until_its_ttl_then_reads_again(django_assert_num_queries) -> None:
    policy = SlaPolicy.objects.create(name="Urgent", priority="high", first_response_minutes=60)
    clock = FakeClock()
    cache = PolicyCache(ttl_seconds=30, clock=clock)
    with django_assert_num_queries(1):  # no business hours: one query
        assert cache.get([policy.pk])[policy.pk].name == "Urgent"
    SlaPolicy.objects.filter(pk=policy.pk).update(name="Renamed")
    with django_assert_num_queries(0):
        assert cache.get([policy.pk])[policy.pk].name == "Urgent"
    clock.advance(31)
    assert cache.get([policy.pk])[policy.pk].name == "Renamed"
    assert policies_by_id([policy.pk], fresh=True)[policy.pk].name == "Renamed"
    SlaPolicy.objects.filter(pk=policy.pk).delete()
    clock.advance(31)
    assert cache.get([policy.pk]) == {}
