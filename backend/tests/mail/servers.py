"""Real mail servers for the tests: an SMTP server (aiosmtpd) that keeps what it receives, and
a Dovecot IMAP server on loopback ports with a throw-away mailbox.

Dovecot comes from Debian's packages (`.ci/run` installs dovecot-imapd). It runs as the user
the tests run as (root in CI), its mail owned by the `dovecot` system user, with a self-signed
certificate so both STARTTLS (imap://) and TLS from the start (imaps://) are exercised.
"""

from __future__ import annotations

import asyncio
import email
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


# --- SMTP ------------------------------------------------------------------------------------


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1 and localhost, made with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class _Handler:
    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []
        self.refuse_with: str | None = None
        self.encrypted: list[bool] = []
        self.accept_after = 0.0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.accept_after:
            await asyncio.sleep(self.accept_after)
        self.encrypted.append(session.ssl is not None)
        self.received.append(
            ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        )
        return "250 Message accepted"


class _Controller(Controller):
    """aiosmtpd's controller on a port the system picks (port 0), read back once bound."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpSink:
    """A real SMTP server on 127.0.0.1; `received` fills as mail arrives. With `tls`, it offers
    STARTTLS with that (certificate, key)."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        self.handler = _Handler()
        context = None
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
        self.controller = _Controller(self.handler, hostname="127.0.0.1", port=0, tls_context=context)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return int(self.controller.port)

    @property
    def received(self) -> list[ReceivedMail]:
        return self.handler.received

    def accept_slowly(self, seconds: float) -> None:
        """Take `seconds` to accept each message, as a mail relay across a network does."""
        self.handler.accept_after = seconds

    def refuse_recipients(self, reply: str | None = "550 5.1.1 No such user") -> None:
        self.handler.refuse_with = reply

    def wait_for(self, count: int, timeout: float = 10) -> list[ReceivedMail]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.received) >= count, f"expected {count} mails, got {len(self.received)}"
        return self.received


# --- IMAP ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Dovecot:
    """A private Dovecot serving one mailbox over imap (STARTTLS) and imaps on loopback."""

    user = "support"
    password = "imap-test-password"

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="supportdesk-dovecot-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.imap_port = 0
        self.imaps_port = 0

    @property
    def cert_file(self) -> Path:
        return self.root / "cert.pem"

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def _config(self) -> str:
        mail_dir = self.root / "mail"
        return f"""
base_dir = {self.root}/run
instance_name = supportdesk-test-{os.getpid()}-{self.imap_port}
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <{self.cert_file}
ssl_key = <{self.root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {self.root}/dovecot.log
default_internal_user = {self._mail_user}
default_login_user = {self._login_user}
first_valid_uid = 1
mail_location = maildir:{mail_dir}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={self._mail_user} gid={self._mail_user} home={mail_dir}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""

    @property
    def _mail_user(self) -> str:
        return "dovecot" if _user_exists("dovecot") else pwd.getpwuid(os.getuid()).pw_name

    @property
    def _login_user(self) -> str:
        return "dovenull" if _user_exists("dovenull") else self._mail_user

    def start(self) -> Dovecot:
        self_signed_certificate(self.root)
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        mail_dir = self.root / "mail"
        mail_dir.mkdir()
        entry = pwd.getpwnam(self._mail_user)
        os.chown(mail_dir, entry.pw_uid, entry.pw_gid)
        # Dovecot's own users must reach the configuration and the mail under it.
        os.chmod(self.root, 0o755)  # noqa: S103
        for attempt in range(5):
            self.imap_port, self.imaps_port = _free_port(), _free_port()
            (self.root / "dovecot.conf").write_text(self._config())
            self.process = subprocess.Popen(
                [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if self._wait_listening():
                return self
            self.stop()
            if attempt == 4:
                raise RuntimeError(f"Dovecot did not start: {self.log}")
        return self

    def _wait_listening(self, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.imaps_port), timeout=1):
                    pass
                with socket.create_connection(("127.0.0.1", self.imap_port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # Helpers that speak IMAP themselves (imaplib), independent of the code under test.

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert_file))

    def _client(self) -> imaplib.IMAP4_SSL:
        client = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port, ssl_context=self.ssl_context())
        client.login(self.user, self.password)
        return client

    def url(self, scheme: str = "imap", folder: str = "INBOX") -> str:
        port = self.imap_port if scheme == "imap" else self.imaps_port
        return f"{scheme}://{self.user}:{self.password}@127.0.0.1:{port}/{folder}"

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        client = self._client()
        try:
            client.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
        finally:
            client.logout()

    def flags(self, folder: str = "INBOX") -> list[str]:
        """Each message's flags, in order."""
        client = self._client()
        try:
            client.select(folder)
            _, data = client.fetch("1:*", "(FLAGS)")
        finally:
            client.logout()
        return [item.decode() for item in data if isinstance(item, bytes)] if data != [None] else []

    def count(self, folder: str = "INBOX") -> int:
        client = self._client()
        try:
            status, data = client.select(folder)
            return int(data[0]) if status == "OK" and data[0] else 0
        finally:
            client.logout()

    def create_folder(self, folder: str) -> None:
        client = self._client()
        try:
            client.create(folder)
        finally:
            client.logout()

    def clear(self) -> None:
        client = self._client()
        try:
            for name in ("INBOX", "Processed"):
                if client.select(name)[0] == "OK":
                    client.store("1:*", "+FLAGS", "\\Deleted")
                    client.expunge()
        except imaplib.IMAP4.error:
            pass
        finally:
            client.logout()


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def dovecot_available() -> bool:
    return Path(DOVECOT).is_file() and shutil.which("openssl") is not None
