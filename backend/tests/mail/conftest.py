"""Fixtures for the e-mail channel: real SMTP and IMAP servers, and a way to ingest a message
through the command as a mail server's pipe would."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from django.core import mail as django_mail
from django.core.management import call_command

from support_desk.mail.models import OutboundMail
from tests.mail.dkim import DkimKey, DnsServer
from tests.mail.servers import Dovecot, SmtpSink, dovecot_available


@pytest.fixture
def smtp_sink(settings) -> Iterator[SmtpSink]:
    """An SMTP server the app really sends to, through Django's SMTP backend."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "support_desk.mail.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield sink


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    if not dovecot_available():
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)")
    server = Dovecot().start()
    yield server
    server.cleanup()


@pytest.fixture
def dovecot(dovecot_server: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:
    """The IMAP server with an empty mailbox; its certificate trusted for this test."""
    dovecot_server.clear()
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_server.cert_file))
    return dovecot_server


Ingest = Callable[..., tuple[int, str]]


@pytest.fixture
def ingest(db: None) -> Ingest:
    """`supportdesk mail ingest` with one message on standard input: (exit status, output)."""

    def run(raw: bytes) -> tuple[int, str]:
        out = io.StringIO()
        stdin = io.TextIOWrapper(io.BytesIO(raw))
        monkey = pytest.MonkeyPatch()
        monkey.setattr("sys.stdin", stdin)
        try:
            call_command("mail", "ingest", stdout=out)
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        finally:
            monkey.undo()
        return code, out.getvalue().strip()

    return run


@pytest.fixture
def outbox() -> list[django_mail.EmailMessage]:
    """Mail sent through the test settings' in-memory backend."""
    django_mail.outbox = []
    return django_mail.outbox


def sent_to(address: str) -> list[OutboundMail]:
    return list(OutboundMail.objects.filter(recipient=address).order_by("id"))


@pytest.fixture
def dkim_dns(settings) -> Iterator[DnsServer]:
    """A real DNS server publishing DKIM keys, the one Support Desk asks for this test."""
    with DnsServer() as server:
        settings.MAIL_DNS_NAMESERVERS = [server.address]
        yield server


@pytest.fixture(scope="session")
def dkim_key() -> DkimKey:
    return DkimKey.generate()
