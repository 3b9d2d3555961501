"""The customer side's fixtures: the real SMTP server of the mail tests, people with addresses,
and reading the links out of the mails they get."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure
from support_desk.customers.services import form_token_issue
from tests.mail.conftest import smtp_sink  # noqa: F401 - the fixture, for these tests too
from tests.mail.servers import ReceivedMail

LINK = re.compile(r"http://desk\.test/[^\s\"<>]*[^\s\"<>.,]")


@pytest.fixture
def maria(db: None) -> User:
    user = user_ensure(username="maria", role=Role.REQUESTER, email="maria@customer.test")[0]
    user.first_name = "Maria"
    user.save()
    return user


@pytest.fixture
def alex(db: None) -> User:
    return user_ensure(username="alex", role=Role.AGENT, email="alex@desk.test", password="pw-alex-12345")[0]


def links_in(mail: ReceivedMail) -> list[str]:
    text = mail.message.get_body(("plain",)).get_content()
    return LINK.findall(text)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def sign_in_token(mail: ReceivedMail) -> str:
    [link] = {url for url in links_in(mail) if "/sign-in/link" in url}
    return query_of(link)["token"]


def aged_form_token(seconds: float = 60) -> str:
    """A form token of a form shown `seconds` ago (the fill-time check wants some)."""
    import time

    return form_token_issue(now=time.time() - seconds)


def signed_in_client(token: str) -> tuple[Client, dict[str, object]]:
    """A browser-like client (CSRF enforced) that follows a sign-in link's token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/api/auth/session/")
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/auth/magic-link/sign-in/",
        {"token": token},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    return client, {"status": response.status_code, **response.json()}
