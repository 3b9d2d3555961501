"""DKIM for the tests: RSA keys made by openssl, messages signed by dkimpy, and a real DNS
server on a loopback port that publishes the public keys (`<selector>._domainkey.<domain>`
TXT records), which Support Desk asks through MAIL_DNS_NAMESERVERS like any resolver."""

from __future__ import annotations

import base64
import socket
import subprocess
import threading
from dataclasses import dataclass, field

import dkim
import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from dns.rdtypes.ANY.TXT import TXT

SELECTOR = "sel2026"


@dataclass(frozen=True)
class DkimKey:
    private_pem: bytes
    public_der: bytes

    @classmethod
    def generate(cls) -> DkimKey:
        """A fresh 1024-bit RSA key (the smallest dkimpy accepts, so its record fits one UDP answer)."""
        private = subprocess.run(
            ["openssl", "genrsa", "-traditional", "1024"], check=True, capture_output=True
        ).stdout
        public = subprocess.run(
            ["openssl", "rsa", "-pubout", "-outform", "DER"], input=private, check=True, capture_output=True
        ).stdout
        return cls(private, public)

    def txt_record(self) -> bytes:
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(self.public_der)


def sign(raw: bytes, *, domain: str, key: DkimKey, selector: str = SELECTOR) -> bytes:
    """The message with a DKIM-Signature header by `domain` on top (relaxed/relaxed, the
    headers a mail server usually signs)."""
    signature = dkim.sign(
        raw,
        selector.encode(),
        domain.encode(),
        key.private_pem,
        canonicalize=(b"relaxed", b"relaxed"),
        include_headers=[b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"in-reply-to"],
    )
    return signature + raw


@dataclass
class DnsServer:
    """A UDP DNS server answering TXT questions from `records` (name -> value); NXDOMAIN for
    anything else. Counts the questions it was asked."""

    records: dict[str, bytes] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def address(self) -> str:
        host, port = self._socket.getsockname()
        return f"{host}:{port}"

    def publish(self, domain: str, key: DkimKey, selector: str = SELECTOR) -> None:
        self.records[f"{selector}._domainkey.{domain}".lower()] = key.txt_record()

    def __enter__(self) -> DnsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, client = self._socket.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            try:
                query = dns.message.from_wire(data)
            except Exception:  # noqa: S112 - not a DNS question: nothing to answer
                continue
            response = dns.message.make_response(query)
            response.flags |= dns.flags.AA
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            self.questions.append(name)
            value = self.records.get(name)
            if value is None or question.rdtype != dns.rdatatype.TXT:
                response.set_rcode(dns.rcode.NXDOMAIN)
            else:
                chunks = [value[index : index + 255] for index in range(0, len(value), 255)]
                rdata = TXT(dns.rdataclass.IN, dns.rdatatype.TXT, chunks)
                response.answer.append(dns.rrset.from_rdata(question.name, 60, rdata))
            self._socket.sendto(response.to_wire(), client)
