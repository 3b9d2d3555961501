"""People with a known password, for the sign-in tests that go through the login form."""

from __future__ import annotations

import pytest

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from tests.accounts.browsers import PASSWORD


@pytest.fixture
def alex(db: None) -> User:
    return user_ensure(username="alex", role=Role.AGENT, password=PASSWORD)[0]


@pytest.fixture
def ada(db: None) -> User:
    return user_ensure(username="ada", role=Role.ADMIN, password=PASSWORD)[0]


@pytest.fixture
def maria(db: None) -> User:
    return user_ensure(username="maria", role=Role.REQUESTER, password=PASSWORD)[0]


@pytest.fixture
def tom(db: None) -> User:
    return user_ensure(username="tom", role=Role.REQUESTER, password=PASSWORD)[0]
