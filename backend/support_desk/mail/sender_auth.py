"""Proof of a received mail's sender: whether its From address really sent it.

Anyone can write any From line. What proves it is a DKIM signature by the From address's own
domain, checked either by the server that received the mail for us (its verdict is the
`Authentication-Results` header it adds on top, RFC 8601) or here, on the raw message:

- Authentication-Results count only from a server named in MAIL_TRUSTED_AUTHSERV_IDS, and only
  in the first block of such headers: our receiving server adds its own above everything the
  sender wrote (some just below their own Received line), so a lower one (or one naming a
  server we do not know) may be forged. The server must strip copies of its own that arrive
  with the mail.
- Otherwise each DKIM-Signature is verified with dkimpy; the key comes from DNS (dnspython, with
  MAIL_DNS_TIMEOUT_SECONDS and, optionally, the servers of MAIL_DNS_NAMESERVERS). A valid
  signature counts when its d= domain is aligned with the From domain the way DMARC's relaxed
  alignment has it: both share one organizational domain (the Public Suffix List decides).

The verdict is `pass`, `fail` (a signature or a trusted verdict that says no, or a signature
by some other domain) or `none` (unsigned, or DNS could not be asked): only `pass` proves the
sender. This module talks to DNS and to nothing else; it never raises for what a message holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses
from functools import cache
from typing import Any

import authres
import dkim
import dns.exception
import dns.resolver
from django.conf import settings
from publicsuffixlist import PublicSuffixList

from support_desk.mail.enums import SenderVerification

logger = logging.getLogger(__name__)

# Signatures after the first few are not checked: each costs a DNS lookup and an RSA operation.
MAX_SIGNATURES = 5
DETAIL_MAX_LENGTH = 300

DnsTxt = Callable[[bytes], bytes | None]


class _VerdictLog(logging.LoggerAdapter[logging.Logger]):
    """dkimpy logs a bad or missing key as an error; for mail that is input, not a fault."""

    def error(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.info(msg, *args, **kwargs)


_DKIM_LOG = _VerdictLog(logging.getLogger(f"{__name__}.dkimpy"), {})


class DnsUnavailable(Exception):
    """DNS could not be asked (timeout, no server answered): the mail is unverified, not forged."""


@dataclass(frozen=True)
class SenderCheck:
    """What is known of who sent a mail: the verdict and, for people, how it was reached."""

    result: SenderVerification
    detail: str

    @property
    def passed(self) -> bool:
        return self.result == SenderVerification.PASS


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the list shipped inside the package: nothing is downloaded


def organizational_domain(domain: str) -> str:
    """The registered domain (`mail.example.co.uk` -> `example.co.uk`); the domain itself
    when it is a public suffix or has a single label."""
    domain = domain.strip().strip(".").lower()
    return _suffixes().privatesuffix(domain) or domain


def aligned(signing_domain: str, from_domain: str) -> bool:
    """DMARC's relaxed alignment: the two domains share one organizational domain."""
    if not signing_domain or not from_domain:
        return False
    return organizational_domain(signing_domain) == organizational_domain(from_domain)


def from_domain(message: Message) -> str | None:
    """The domain of the one From address, or None when there is not exactly one (several From
    headers or addresses prove nothing: which one would have been checked?)."""
    headers = message.get_all("From") or []
    if len(headers) != 1:
        return None
    found = [address for _, address in getaddresses([str(headers[0])]) if "@" in address]
    if len(found) != 1:
        return None
    return found[0].rpartition("@")[2].strip().lower() or None


def dns_txt(name: bytes, timeout: float = 5) -> bytes | None:
    """The TXT record at `name` (a DKIM key), through the configured resolvers; None when there
    is none; DnsUnavailable when no server answered in time."""
    try:
        resolver = dns.resolver.Resolver(configure=not settings.MAIL_DNS_NAMESERVERS)
    except dns.resolver.NoResolverConfiguration as error:  # no /etc/resolv.conf
        raise DnsUnavailable(type(error).__name__) from error
    for server in settings.MAIL_DNS_NAMESERVERS:
        host, _, port = server.rpartition(":") if server.count(":") == 1 else (server, "", "")
        resolver.nameservers = [*resolver.nameservers, host]
        if port:
            resolver.port = int(port)
    limit = min(float(timeout), float(settings.MAIL_DNS_TIMEOUT_SECONDS))
    try:
        answer = resolver.resolve(
            name.decode("ascii", "replace").rstrip("."),
            "TXT",
            lifetime=limit,
            raise_on_no_answer=False,
            search=False,
        )
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return None
    except (dns.exception.Timeout, dns.resolver.NoNameservers, OSError) as error:
        raise DnsUnavailable(type(error).__name__) from error
    for record in answer.rrset or []:
        return b"".join(record.strings)
    return None


def sender_check(raw: bytes, *, sender: str | None = None, lookup: DnsTxt | None = None) -> SenderCheck:
    """Whether the From address of this raw message is proven (see the module's docstring).

    `sender` is the address the pipeline took as the sender: the proof must be about its
    domain, so a From line read two ways never proves one address and credits another.
    `lookup` answers DNS TXT questions (the DKIM keys); by default `dns_txt`.
    """
    try:
        message = message_from_bytes(raw, policy=policy.compat32)
    except Exception as error:  # the pipeline reads it leniently; here an unreadable one proves nothing
        return SenderCheck(SenderVerification.NONE, f"unreadable headers: {type(error).__name__}")
    domain = from_domain(message)
    if domain is None:
        return SenderCheck(SenderVerification.FAIL, "not exactly one From address")
    if sender is not None and sender.rpartition("@")[2].lower() != domain:
        return SenderCheck(SenderVerification.FAIL, _clip(f"the sender {sender} is not the From address"))
    trusted = _trusted_verdict(message, domain, settings.MAIL_TRUSTED_AUTHSERV_IDS)
    if trusted is not None:
        return trusted
    return _dkim_verdict(raw, message, domain, lookup or dns_txt)


def _clip(detail: str) -> str:
    return detail[:DETAIL_MAX_LENGTH]


# --- the receiving server's verdict ----------------------------------------------------------


def _first_results_block(message: Message) -> list[str]:
    """The values of the first run of Authentication-Results headers, up to the first header of
    another kind after them. Our receiving server puts its own there (at the top, or just
    below its own Received line); anything lower was in the mail as it arrived, and may be
    forged."""
    block: list[str] = []
    for name, value in message.items():
        if name.lower() == "authentication-results":
            block.append(str(value))
        elif block:
            break
    return block


def _trusted_verdict(message: Message, domain: str, trusted_ids: Sequence[str]) -> SenderCheck | None:
    """The verdict of a trusted receiving server about this From domain, or None when none of
    the first block of Authentication-Results is a trusted server's or it says nothing either way."""
    trusted = {server.lower() for server in trusted_ids if server}
    if not trusted:
        return None
    failed: str | None = None
    for value in _first_results_block(message):
        try:
            header = authres.AuthenticationResultsHeader.parse_value(" ".join(value.split()))
        except Exception as error:  # authres raises its own syntax errors; unreadable is no verdict
            logger.info("unreadable Authentication-Results", extra={"error_kind": type(error).__name__})
            continue
        server = str(header.authserv_id or "").lower()
        if server not in trusted:
            continue
        for result in header.results:
            method, verdict = str(result.method).lower(), str(result.result).lower()
            properties = {f"{item.type}.{item.name}".lower(): str(item.value) for item in result.properties}
            if method == "dmarc":
                subject = properties.get("header.from", "").lower()
            elif method == "dkim":
                subject = properties.get("header.d") or properties.get("header.i", "").rpartition("@")[2]
            else:
                continue  # SPF proves the envelope sender, not the From address
            if not aligned(subject, domain):
                continue
            if verdict == "pass":
                return SenderCheck(
                    SenderVerification.PASS,
                    _clip(f"{method}=pass d={subject.lower()} (authres from {server})"),
                )
            # temperror, neutral, none: the server could not tell; Support Desk checks itself.
            if verdict in ("fail", "permerror", "policy") and failed is None:
                failed = f"{method}={verdict} d={subject.lower()} (authres from {server})"
    if failed is not None:
        return SenderCheck(SenderVerification.FAIL, _clip(failed))
    return None


# --- our own DKIM check ----------------------------------------------------------------------


def _signing_domain(signature: str) -> str:
    for tag in signature.split(";"):
        name, _, value = tag.partition("=")
        if name.strip().lower() == "d":
            return "".join(value.split()).lower()
    return ""


def _dkim_verdict(raw: bytes, message: Message, domain: str, lookup: DnsTxt) -> SenderCheck:
    signatures = [str(value) for value in message.get_all("DKIM-Signature") or []][:MAX_SIGNATURES]
    if not signatures:
        return SenderCheck(SenderVerification.NONE, "no DKIM signature")
    unavailable = False

    def dnsfunc(name: bytes, timeout: float = 5) -> bytes | None:
        nonlocal unavailable
        try:
            return lookup(name)
        except DnsUnavailable:
            unavailable = True
            return None

    verifier = dkim.DKIM(raw, logger=_DKIM_LOG, timeout=int(settings.MAIL_DNS_TIMEOUT_SECONDS))
    valid_elsewhere: list[str] = []
    for index, signature in enumerate(signatures):
        signer = _signing_domain(signature)
        try:
            valid = bool(verifier.verify(idx=index, dnsfunc=dnsfunc))
        except Exception as error:  # dkimpy's errors for malformed signatures and keys
            logger.info("a DKIM signature could not be checked", extra={"error_kind": type(error).__name__})
            valid = False
        if valid and aligned(signer, domain):
            return SenderCheck(SenderVerification.PASS, _clip(f"dkim=pass d={signer} aligned"))
        if valid:
            valid_elsewhere.append(signer)
    if valid_elsewhere:
        return SenderCheck(
            SenderVerification.FAIL,
            _clip(f"dkim=pass d={valid_elsewhere[0]} not aligned with {domain}"),
        )
    if unavailable:
        return SenderCheck(SenderVerification.NONE, "DNS unavailable: DKIM key not fetched")
    return SenderCheck(SenderVerification.FAIL, _clip(f"dkim=fail d={_signing_domain(signatures[0])}"))
