from __future__ import annotations

import pytest
from django.test import Client


def test_healthz_is_ok_without_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_database_and_migrations() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["ready"] is True
