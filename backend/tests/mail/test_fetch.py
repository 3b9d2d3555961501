"""`supportdesk mail fetch` against a real Dovecot: STARTTLS and TLS, marking processed only
after the commit, no duplicate on re-fetch, no loss when the process dies between fetch and
commit, and failures that say what went wrong."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from support_desk.config.env import env_imap_url
from support_desk.mail.imap import PROCESSED_FLAG, MailboxConfig, MailboxError, open_mailbox
from support_desk.mail.models import InboundMail, MailboxPoll
from support_desk.mail.selectors import channel_status
from support_desk.tickets.models import Ticket, TicketMessage
from tests.mail import messages
from tests.mail.dkim import DkimKey, DnsServer, sign
from tests.mail.servers import Dovecot

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[3]


def _inbox(monkeypatch: pytest.MonkeyPatch, settings, url: str) -> None:
    monkeypatch.setenv("MAIL_INBOX_URL", url)
    settings.MAIL_INBOX_URL = env_imap_url("MAIL_INBOX_URL")


def _fetch() -> list[str]:
    out = io.StringIO()
    with contextlib.suppress(SystemExit):
        call_command("mail", "fetch", stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.parametrize("scheme", ["imap", "imaps"])
def test_the_mailbox_is_read_encrypted_with_starttls_or_tls(dovecot: Dovecot, scheme: str) -> None:
    config = MailboxConfig(
        scheme=scheme,
        host="127.0.0.1",
        port=dovecot.imap_port if scheme == "imap" else dovecot.imaps_port,
        user=dovecot.user,
        password=dovecot.password,
        folder="INBOX",
        timeout=5,
    )
    with open_mailbox(config) as mailbox:
        assert mailbox.encrypted
        assert mailbox.unprocessed_uids(10) == []


def test_fetch_stores_each_message_and_marks_it_processed(dovecot: Dovecot, monkeypatch, settings) -> None:
    _inbox(monkeypatch, settings, dovecot.url("imap"))
    dovecot.deliver(messages.plain(name="Maria Lopez"))
    dovecot.deliver(messages.html_only())
    lines = _fetch()
    tickets = list(Ticket.objects.order_by("id"))
    assert [line.split(" ", 1)[1] for line in lines[:2]] == [
        f"ticket {tickets[0].pk} created",
        f"ticket {tickets[1].pk} created",
    ]
    assert lines[0].startswith("imap:")
    assert lines[2] == "2 message(s) fetched"
    assert all(PROCESSED_FLAG in flags and "\\Seen" in flags for flags in dovecot.flags())
    assert _fetch() == ["0 message(s) fetched"]  # nothing read twice
    poll = MailboxPoll.objects.get()
    assert poll.succeeded
    assert poll.fetched == 0
    assert channel_status().last_poll_at == poll.polled_at


def test_polled_mail_carries_the_verdict_of_a_trusted_receiving_server(
    dovecot: Dovecot, monkeypatch, settings, dkim_dns: DnsServer, dkim_key: DkimKey
) -> None:
    # As Gmail delivers to a polled mailbox: its Authentication-Results on top of each message.
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.google.com"]
    _inbox(monkeypatch, settings, dovecot.url("imaps"))
    trusted = b"Authentication-Results: mx.google.com; dkim=pass header.i=@customer.test header.s=s1\r\n"
    dovecot.deliver(trusted + messages.plain(sender="maria@customer.test", subject="Proven by Gmail"))
    dkim_dns.publish("customer.test", dkim_key)
    signed = messages.plain(sender="tom@customer.test", subject="Signed", cc="boss@customer.test")
    dovecot.deliver(sign(signed, domain="customer.test", key=dkim_key))
    dovecot.deliver(
        messages.plain(sender="lena@customer.test", subject="Unsigned", cc="spy@attacker.example")
    )
    _fetch()
    verdicts = {
        record.subject: (record.sender_verification, record.sender_verification_detail)
        for record in InboundMail.objects.all()
    }
    assert verdicts == {
        "Proven by Gmail": ("pass", "dkim=pass d=customer.test (authres from mx.google.com)"),
        "Signed": ("pass", "dkim=pass d=customer.test aligned"),
        "Unsigned": ("none", "no DKIM signature"),
    }
    copied = {
        ticket.title: list(ticket.participants.values_list("email", flat=True))
        for ticket in Ticket.objects.all()
    }
    assert copied == {"Proven by Gmail": [], "Signed": ["boss@customer.test"], "Unsigned": []}


def test_the_same_message_delivered_twice_is_stored_once(dovecot: Dovecot, monkeypatch, settings) -> None:
    _inbox(monkeypatch, settings, dovecot.url("imaps"))
    raw = messages.plain()
    dovecot.deliver(raw)
    dovecot.deliver(raw)
    lines = _fetch()
    assert lines[1].split(" ", 1)[1] == "ignored duplicate"
    assert Ticket.objects.count() == 1
    assert InboundMail.objects.count() == 1
    assert all(PROCESSED_FLAG in flags for flags in dovecot.flags())


def test_processed_mail_can_be_moved_to_a_folder(dovecot: Dovecot, monkeypatch, settings) -> None:
    _inbox(monkeypatch, settings, dovecot.url("imap"))
    dovecot.create_folder("Processed")
    settings.MAIL_PROCESSED_FOLDER = "Processed"
    dovecot.deliver(messages.plain())
    _fetch()
    assert (dovecot.count("INBOX"), dovecot.count("Processed")) == (0, 1)


def test_a_wrong_password_is_reported_as_such(dovecot: Dovecot, monkeypatch, settings) -> None:
    _inbox(monkeypatch, settings, dovecot.url("imap").replace(dovecot.password, "wrong"))
    with pytest.raises(CommandError, match=r"\(auth\)"):
        call_command("mail", "fetch", stdout=io.StringIO())
    poll = MailboxPoll.objects.get()
    assert (poll.succeeded, poll.error_kind) == (False, "auth")
    assert channel_status().last_poll_error.startswith("auth:")


def test_an_unreachable_server_is_reported_after_retries(db: None) -> None:
    config = MailboxConfig(
        scheme="imap", host="127.0.0.1", port=1, user="u", password="p", folder="INBOX", timeout=2
    )
    waits: list[float] = []
    with pytest.raises(MailboxError) as caught, open_mailbox(config, sleep=waits.append):
        pass
    assert caught.value.kind == "connect"
    assert waits == [0.5, 1.0]


def _subprocess_env(dovecot: Dovecot, tmp_path: Path) -> dict[str, str]:
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    url = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "support_desk.config.settings.base",
        "DATABASE_URL": url,
        "MAIL_INBOX_URL": dovecot.url("imap"),
        "SSL_CERT_FILE": str(dovecot.cert_file),
        "SUPPORT_EMAIL_ADDRESS": "support@desk.test",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TRIAGE_PROVIDER": "off",
        "SUPPORTDESK_VAR_DIR": str(tmp_path),
    }


@pytest.mark.postgres_only
def test_a_fetch_killed_between_fetching_and_committing_loses_nothing(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    dovecot.deliver(messages.plain("Please do not lose me."))
    env = _subprocess_env(dovecot, tmp_path)
    database = connection.settings_dict
    # Hold the received-mail table so the poller blocks right after it fetched the message.
    blocker = psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"],
        dbname=database["NAME"],
    )
    try:
        blocker.execute("LOCK TABLE mail_inboundmail IN ACCESS EXCLUSIVE MODE")
        poller = subprocess.Popen(
            [sys.executable, "-m", "support_desk", "mail", "fetch"],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        waiting = False
        while time.monotonic() < deadline and not waiting:
            with psycopg.connect(
                host=database["HOST"] or "127.0.0.1",
                port=database["PORT"] or 5432,
                user=database["USER"],
                dbname=database["NAME"],
                autocommit=True,
            ) as watcher:
                waiting = bool(
                    watcher.execute(
                        "select 1 from pg_stat_activity where datname = current_database()"
                        " and wait_event_type = 'Lock' and query ilike '%mail_inboundmail%'"
                    ).fetchone()
                )
            assert poller.poll() is None, poller.communicate()
            time.sleep(0.05)
        assert waiting, "the poller never reached the database"
        poller.send_signal(signal.SIGKILL)
        poller.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()
    assert not any(PROCESSED_FLAG in flags for flags in dovecot.flags())
    assert not Ticket.objects.exists()

    again = subprocess.run(
        [sys.executable, "-m", "support_desk", "mail", "fetch"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    ticket = Ticket.objects.get()
    assert [line.split(" ", 1)[-1] for line in again.stdout.splitlines()] == [
        f"ticket {ticket.pk} created",
        "message(s) fetched",
    ]
    assert ticket.description == "Please do not lose me."
    assert all(PROCESSED_FLAG in flags for flags in dovecot.flags())
    assert not TicketMessage.objects.exists()
    assert InboundMail.objects.count() == 1
