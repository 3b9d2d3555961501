"""Where a webhook may be delivered: never to this machine or its networks.

An endpoint's address must be public: loopback, private, shared, link-local, multicast,
unspecified and reserved addresses are refused, in every spelling (IPv4-mapped IPv6, the
decimal, octal and hex IPv4 forms such as `2130706433` or `0x7f.1`, a trailing dot). The URL
is checked when an endpoint is saved, and again at every delivery on each address its name
resolves to; the client then connects to exactly the address checked here, so a name that
changes its answer between the check and the connection (DNS rebinding) reaches nothing new.
`WEBHOOK_ALLOW_PRIVATE_TARGETS=true` lifts the rule, for tests and intranets.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# `resolver(host, port)` → the addresses a name stands for (injectable for tests).
Resolver = Callable[[str, int], list[str]]

DEFAULT_PORTS = {"http": 80, "https": 443}
# Names that are this machine whatever DNS says (RFC 6761).
_LOCAL_NAMES = ("localhost",)
# NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address it reaches.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NUMBER_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


class TargetRefused(Exception):
    """The URL may not be delivered to; `kind` is the delivery log's error kind."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # the name as the URL gives it (for the Host header and TLS), without a trailing dot
    port: int
    addresses: tuple[IPAddress, ...]  # checked; the only addresses the client may connect to


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system's resolver gives for `host`."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """`host` read the way inet_aton (and so many resolvers) reads it: one to four parts, each
    decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMBER_PART.fullmatch(part) for part in parts):
        return None
    values = [
        int(part[2:] or "0", 16) if part[:2].lower() == "0x" else int(part, 8 if part.startswith("0") else 10)
        for part in parts
    ]
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (4 - len(head)):
        return None
    number = last
    for index, value in enumerate(head):
        number += value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The address `host` spells out (any IPv4 or IPv6 form), or None for a name."""
    host = host.rstrip(".")
    if ":" in host:
        host = host.split("%", 1)[0]  # an IPv6 zone (`fe80::1%eth0`) names no other address
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return _legacy_ipv4(host)


def is_inward(address: IPAddress) -> bool:
    """True for an address that is not on the public internet: this machine, its networks, or
    addresses with a special meaning (IPv4 inside IPv6 is judged as the IPv4 it carries)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_inward(embedded)
        if address.is_site_local:
            return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
        or not address.is_global
    )


def _split(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise TargetRefused("The URL must be http(s) with a host.", kind="invalid_url")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise TargetRefused("The URL's port is not a number from 1 to 65535.", kind="invalid_url") from None
    return scheme, parts.hostname.rstrip(".").lower(), port


def _refuse_inward(host: str, addresses: list[IPAddress], *, named: bool) -> None:
    inward = [address for address in addresses if is_inward(address)]
    if inward:
        what = f"{host} resolves to" if named else f"{host} is"
        raise TargetRefused(
            f"{what} a private, loopback or reserved address ({inward[0]}); webhooks go only to "
            "public addresses (WEBHOOK_ALLOW_PRIVATE_TARGETS allows others).",
            kind="private_address",
        )


def _resolve(host: str, port: int, resolver: Resolver, timeout: float) -> list[IPAddress]:
    """`resolver(host, port)` within `timeout` seconds (the system resolver has no deadline of
    its own, so it runs in a thread that is left behind when it overruns)."""
    found: list[list[str]] = []
    failed: list[BaseException] = []

    def lookup() -> None:
        try:
            found.append(resolver(host, port))
        except Exception as error:  # any resolver failure is a DNS failure
            failed.append(error)

    worker = threading.Thread(target=lookup, name="webhooks-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if not found:
        reason = "timed out" if worker.is_alive() else f"failed ({type(failed[0]).__name__})"
        raise TargetRefused(f"Resolving {host} {reason}.", kind="dns")
    addresses = [literal_address(text) for text in found[0]]
    if not addresses or None in addresses:
        raise TargetRefused(f"{host} resolves to no usable address.", kind="dns")
    return [address for address in addresses if address is not None]


def target_resolve(
    url: str, *, allow_private: bool, timeout: float, resolver: Resolver = system_resolver
) -> Target:
    """The URL's host resolved once, every address checked: what a delivery connects to.
    Raises TargetRefused (kind `invalid_url`, `dns` or `private_address`)."""
    scheme, host, port = _split(url)
    literal = literal_address(host)
    if not allow_private and literal is None and (host in _LOCAL_NAMES or host.endswith(".localhost")):
        _refuse_inward(host, [ipaddress.IPv4Address("127.0.0.1")], named=True)
    addresses = [literal] if literal is not None else _resolve(host, port, resolver, timeout)
    if not allow_private:
        _refuse_inward(host, addresses, named=literal is None)
    return Target(scheme=scheme, host=host, port=port, addresses=tuple(addresses))


def target_check(url: str, *, resolver: Resolver = system_resolver, timeout: float = 3.0) -> None:
    """The save-time check: refuse an inward literal address, a local name, or a name that
    resolves inward now. A name that does not resolve yet is accepted (it may be created
    later); every delivery checks again."""
    try:
        target_resolve(url, allow_private=False, timeout=timeout, resolver=resolver)
    except TargetRefused as refused:
        if refused.kind != "dns":
            raise
