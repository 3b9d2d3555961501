"""The one module that talks IMAP (through imap-tools): connect with a timeout, TLS from the
start (imaps://) or STARTTLS whenever the server offers it (imap://), a few retries of the
connection with backoff, and every failure logged with its kind (`connect`, `tls`, `auth`,
`protocol`, `timeout`) so an intake that stops is never silent.

Messages are read with BODY.PEEK (they stay unseen) and marked processed only when the caller
says they are stored: flagged with the PROCESSED_FLAG keyword (and \\Seen), or moved to
MAIL_PROCESSED_FOLDER. Unprocessed means "without that keyword", so a person reading the
mailbox in their own client does not hide mail from Support Desk.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from imap_tools import AND, MailBox, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError

logger = logging.getLogger(__name__)

PROCESSED_FLAG = "SupportDeskProcessed"
CONNECT_ATTEMPTS = 3


class MailboxError(Exception):
    """The mailbox could not be read; `kind` says why, for logs and the settings page."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class MailboxConfig:
    scheme: str
    host: str
    port: int
    user: str
    password: str
    folder: str
    timeout: float
    processed_folder: str = ""

    @classmethod
    def from_url_parts(
        cls, parts: Mapping[str, object], *, timeout: float, processed_folder: str
    ) -> MailboxConfig:
        return cls(
            scheme=str(parts["scheme"]),
            host=str(parts["host"]),
            port=int(str(parts["port"])),
            user=str(parts["user"]),
            password=str(parts["password"]),
            folder=str(parts["folder"]),
            timeout=timeout,
            processed_folder=processed_folder,
        )


def _failure_kind(error: BaseException) -> str:
    if isinstance(error, MailboxLoginError):
        return "auth"
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return "tls"
    if isinstance(error, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(error, OSError):
        return "connect"
    return "protocol"


def _open(config: MailboxConfig, ssl_context: ssl.SSLContext) -> MailBox | MailBoxUnencrypted:
    if config.scheme == "imaps":
        return MailBox(config.host, config.port, timeout=config.timeout, ssl_context=ssl_context)
    box = MailBoxUnencrypted(config.host, config.port, timeout=config.timeout)
    if "STARTTLS" in box.client.capabilities:
        box.client.starttls(ssl_context=ssl_context)
    else:
        logger.warning("the mailbox offers no STARTTLS; reading it unencrypted", extra={"host": config.host})
    return box


class Mailbox:
    """An open, logged-in mailbox folder."""

    def __init__(self, box: MailBox | MailBoxUnencrypted, config: MailboxConfig) -> None:
        self.box = box
        self.config = config

    @property
    def encrypted(self) -> bool:
        sock = self.box.client.sock
        return isinstance(sock, ssl.SSLSocket)

    def unprocessed_uids(self, limit: int) -> list[str]:
        return list(self.box.uids(AND(no_keyword=PROCESSED_FLAG)))[:limit]

    def raw_message(self, uid: str) -> bytes | None:
        """The message exactly as stored (BODY.PEEK: it stays unseen), or None if it is gone."""
        status, data = self.box.client.uid("FETCH", uid, "(BODY.PEEK[])")
        if status != "OK":
            raise MailboxError("protocol", f"FETCH {uid} answered {status}")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
                return item[1]
        return None

    def mark_processed(self, uid: str) -> None:
        self.box.flag(uid, [PROCESSED_FLAG, "\\Seen"], True)
        if self.config.processed_folder:
            self.box.move(uid, self.config.processed_folder)


@contextmanager
def open_mailbox(
    config: MailboxConfig,
    *,
    ssl_context: ssl.SSLContext | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Mailbox]:
    """Connect and log in (retrying the connection), yield the folder, log out."""
    context = ssl_context or ssl.create_default_context()
    last: BaseException | None = None
    box: MailBox | MailBoxUnencrypted | None = None
    for attempt in range(1, CONNECT_ATTEMPTS + 1):
        try:
            box = _open(config, context)
            box.login(config.user, config.password, initial_folder=config.folder)
            break
        except MailboxLoginError as error:
            _close(box)
            raise _logged(MailboxError("auth", str(error)), config) from error
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as error:
            _close(box)
            box, last = None, error
            logger.warning(
                "connecting to the mailbox failed",
                extra={"host": config.host, "attempt": attempt, "error_kind": _failure_kind(error)},
            )
            if attempt < CONNECT_ATTEMPTS and _failure_kind(error) != "tls":
                sleep(0.5 * 2 ** (attempt - 1))
            else:
                break
    if box is None:
        assert last is not None
        raise _logged(MailboxError(_failure_kind(last), f"{type(last).__name__}: {last}"), config) from last
    try:
        yield Mailbox(box, config)
    except (OSError, imaplib.IMAP4.error) as error:
        raise _logged(
            MailboxError(_failure_kind(error), f"{type(error).__name__}: {error}"), config
        ) from error
    finally:
        _close(box)


def _close(box: MailBox | MailBoxUnencrypted | None) -> None:
    if box is None:
        return
    try:
        box.logout()
    except Exception:
        try:
            box.client.shutdown()
        except Exception:
            logger.debug("closing the mailbox connection failed", exc_info=True)


def _logged(error: MailboxError, config: MailboxConfig) -> MailboxError:
    logger.error(
        "the mailbox could not be read",
        extra={"host": config.host, "error_kind": error.kind, "detail": error.detail},
    )
    return error
