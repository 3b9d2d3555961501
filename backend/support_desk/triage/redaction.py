"""Redaction of personal data and secrets before ticket text leaves the process.

``redact`` replaces e-mail addresses, phone numbers, payment card numbers, IBANs and
secret-looking tokens with fixed placeholders. It is deliberately conservative about
numbers: a digit run only becomes ``[CARD]`` when it passes the Luhn check, and only
becomes ``[IBAN]`` when its country length and mod-97 checksum are right, so order ids,
amounts, dates and version strings survive and the language model keeps its context.

The passes run in a fixed order, most specific first, so that e.g. ``password: 4111…``
becomes ``password: [SECRET]`` rather than a card, and the digits inside an IBAN or an
e-mail address are never mistaken for a phone number.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable

EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
CARD = "[CARD]"
IBAN = "[IBAN]"
SECRET = "[SECRET]"  # noqa: S105 - a placeholder, not a password

PLACEHOLDERS: tuple[str, ...] = (EMAIL, PHONE, CARD, IBAN, SECRET)

# --- secrets ---------------------------------------------------------------------------

# Well-known credential formats; each is unambiguous enough to replace on sight.
_KNOWN_TOKEN_RE = re.compile(
    r"""
    (?<![\w-])(?:
        sk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{16,}          # OpenAI / Anthropic / OpenRouter style
      | (?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}       # Stripe
      | gh[pousr]_[A-Za-z0-9]{20,}                        # GitHub tokens
      | github_pat_[A-Za-z0-9_]{20,}                      # GitHub fine-grained tokens
      | glpat-[A-Za-z0-9_-]{20,}                          # GitLab
      | (?:AKIA|ASIA)[A-Z0-9]{16}                         # AWS access key ids
      | AIza[0-9A-Za-z_-]{35}                             # Google API keys
      | xox[abposr]-[A-Za-z0-9-]{10,}                     # Slack
      | gsk_[A-Za-z0-9]{20,}                              # Groq
      | hf_[A-Za-z0-9]{20,}                               # Hugging Face
      | eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*   # JWT
    )(?![\w-])
    """,
    re.VERBOSE,
)

_BEARER_RE = re.compile(r"(?i)\b(bearer)(\s+)(?=[A-Za-z._~+/-]*\d)[A-Za-z0-9._~+/-]{16,}=*")

_PEM_RE = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL
)

# "password: hunter2", "api_key=abc", "client secret = 'x y'": keep the name, drop the value.
# A colon or equals sign is required: "the password is wrong" must stay readable.
_KEY_VALUE_RE = re.compile(
    r"""
    (?P<key>\b(?:
        pass(?:word|wd|phrase|code)?|pwd|secret|client[ _-]?secret|
        api[ _-]?key|apikey|access[ _-]?key|secret[ _-]?key|private[ _-]?key|
        (?:(?:access|auth|refresh|api|bearer)[ _-]?)?token|
        (?P<numeric>pin(?:[ _-]?code)?|otp|cvv|cvc)
    )\b)
    (?P<sep>\s*(?:[:=]|=>)\s*)
    (?P<value>"[^"\n]*"|'[^'\n]*'|[^\s,;]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Candidate for a high-entropy blob: long, no spaces, base64/base64url/hex alphabet.
# "/" is left out so URL paths split into segments instead of forming one long token.
_BLOB_RE = re.compile(r"(?<![\w+=-])[A-Za-z0-9+_=-]{24,}(?![\w+=-])")
_MIN_BLOB_ENTROPY = 3.5  # bits per character
# Share of neighbouring characters that switch class (upper/lower/digit/other). Random keys
# switch on about 60% of positions (rarely under 35%); CamelCase words and snake_case
# constants switch far less often.
_MIN_BLOB_CLASS_CHANGES = 0.35

# --- e-mail ----------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b"
)

# --- IBAN ------------------------------------------------------------------------------

# Official IBAN lengths per country (SWIFT IBAN registry). Knowing the exact length lets us
# stop at the right character when an IBAN is written in groups and followed by more text.
_IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

_IBAN_START_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})")

# --- payment cards ---------------------------------------------------------------------

# 13-19 digits, optionally grouped with single spaces or dashes.
_CARD_RE = re.compile(r"(?<![\w.+])\d(?:[ -]?\d){12,18}(?![\w])")

# --- phone numbers ---------------------------------------------------------------------

_SEP = r"[ .\-]?"
_PHONE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # International with "+": +CC, then groups, optionally an area code in brackets.
    re.compile(
        rf"(?<![\w+])\+\d{{1,3}}{_SEP}(?:\(\d{{1,4}}\){_SEP})?\d{{1,8}}(?:{_SEP}\d{{1,8}}){{1,5}}(?!\w)"
    ),
    # International with "00": separators required, so zero-padded ids like 000123456 stay.
    re.compile(r"(?<![\w.\-])00[1-9]\d{0,2}[ .\-](?:\(\d{1,4}\)[ .\-]?)?\d{1,8}(?:[ .\-]\d{1,8}){1,5}(?!\w)"),
    # North-American style: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567.
    re.compile(r"(?<![\w.\-])(?:\(\d{3}\)\s?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?![\w.\-]\d)(?!\w)"),
)
# A number right after a phone keyword: "call me on 07911 123456", "tel: 030 1234567".
_PHONE_CONTEXT_RE = re.compile(
    r"(?i)\b(?P<key>phone|tel|telephone|mobile|cell|cellphone|whatsapp|fax|call\s+me(?:\s+(?:on|at))?)"
    r"(?P<sep>\s*(?:number|no\.?|#)?\s*(?:is|:)?\s*)"
    r"(?P<value>\(?\+?\d[\d ().\-]{5,20}\d)"
)
_PHONE_MIN_DIGITS = 7
_PHONE_MAX_DIGITS = 15


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def luhn_valid(number: str) -> bool:
    """True when the digits of ``number`` pass the Luhn checksum used by payment cards."""
    digits = _digits(number)
    if not digits:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """True for a compact IBAN (no spaces) whose length and mod-97 checksum are right."""
    iban = candidate.upper()
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is None or len(iban) != expected or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    # Letters become two-digit numbers (A=10 … Z=35) before the mod-97 test.
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1


def shannon_entropy(text: str) -> float:
    """Bits of entropy per character of ``text`` (0 for an empty string)."""
    if not text:
        return 0.0
    counts = Counter(text)
    length = len(text)
    return -sum(count / length * math.log2(count / length) for count in counts.values())


def _redact_key_values(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = match.group("value")
        if value in PLACEHOLDERS:
            return match.group(0)
        # "pin: the ticket to the top" is not a PIN; real PINs and codes have digits.
        if match.group("numeric") and not any(ch.isdigit() for ch in value):
            return match.group(0)
        # "password: hunter2." — keep sentence punctuation outside the placeholder.
        trailing = ""
        if value[0] not in "\"'":
            stripped = value.rstrip(".)]}")
            trailing = value[len(stripped) :]
            if not stripped:
                return match.group(0)
        return f"{match.group('key')}{match.group('sep')}{SECRET}{trailing}"

    return _KEY_VALUE_RE.sub(replace, text)


def _redact_ibans(text: str) -> str:
    out: list[str] = []
    position = 0
    search_from = 0
    while True:
        match = _IBAN_START_RE.search(text, search_from)
        if match is None:
            break
        end = _iban_end(text, match.start(), _IBAN_LENGTHS.get(match.group(1).upper()))
        if end is None:
            search_from = match.start() + 1
            continue
        out.append(text[position : match.start()])
        out.append(IBAN)
        position = search_from = end
    out.append(text[position:])
    return "".join(out)


def _iban_end(text: str, start: int, length: int | None) -> int | None:
    """End index of a valid IBAN of ``length`` characters starting at ``start``, else None.

    Walks alphanumerics, allowing a single space or dash between them (grouped notation),
    and stops after exactly ``length`` of them, so trailing words are never swallowed.
    """
    if length is None:
        return None
    chars: list[str] = []
    index = start
    while index < len(text) and len(chars) < length:
        char = text[index]
        if char.isascii() and char.isalnum():
            chars.append(char)
            index += 1
        elif char in " -" and index + 1 < len(text) and text[index + 1].isalnum() and chars:
            index += 1
        else:
            break
    if len(chars) != length:
        return None
    if index < len(text) and text[index].isalnum():
        return None  # runs on into a longer token: not an IBAN on its own
    return index if iban_valid("".join(chars)) else None


def _redact_cards(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        candidate = match.group(0)
        separators = {ch for ch in candidate if not ch.isdigit()}
        # Mixed separators ("2024-01-15 1234 5678") are dates and numbers side by side.
        if len(separators) > 1 or not luhn_valid(candidate):
            return candidate
        return CARD

    return _CARD_RE.sub(replace, text)


def _phone_replacer(match: re.Match[str]) -> str:
    candidate = match.group(0)
    count = len(_digits(candidate))
    if _PHONE_MIN_DIGITS <= count <= _PHONE_MAX_DIGITS:
        return PHONE
    return candidate


def _redact_phones(text: str) -> str:
    def replace_context(match: re.Match[str]) -> str:
        value = match.group("value")
        count = len(_digits(value))
        if not _PHONE_MIN_DIGITS <= count <= _PHONE_MAX_DIGITS:
            return match.group(0)
        return f"{match.group('key')}{match.group('sep')}{PHONE}"

    text = _PHONE_CONTEXT_RE.sub(replace_context, text)
    for pattern in _PHONE_PATTERNS:
        text = pattern.sub(_phone_replacer, text)
    return text


def _looks_like_secret_blob(token: str) -> bool:
    has_upper = any(ch.isupper() for ch in token)
    has_lower = any(ch.islower() for ch in token)
    has_digit = any(ch.isdigit() for ch in token)
    # Random keys mix all three classes; words, identifiers, hex hashes and UUIDs do not
    # (hex is single-case), which keeps commit ids and request ids readable for triage.
    if not (has_upper and has_lower and has_digit):
        return False
    changes = sum(_char_class(a) != _char_class(b) for a, b in itertools.pairwise(token))
    if changes / (len(token) - 1) < _MIN_BLOB_CLASS_CHANGES:
        return False
    return shannon_entropy(token) >= _MIN_BLOB_ENTROPY


def _char_class(char: str) -> int:
    if char.isupper():
        return 0
    if char.islower():
        return 1
    if char.isdigit():
        return 2
    return 3


def _redact_blobs(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return SECRET if _looks_like_secret_blob(token) else token

    return _BLOB_RE.sub(replace, text)


def _sub(pattern: re.Pattern[str], placeholder: str) -> Callable[[str], str]:
    return lambda text: pattern.sub(placeholder, text)


_PASSES: tuple[Callable[[str], str], ...] = (
    _sub(_PEM_RE, SECRET),
    _sub(_KNOWN_TOKEN_RE, SECRET),
    lambda text: _BEARER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{SECRET}", text),
    _redact_key_values,
    _sub(_EMAIL_RE, EMAIL),
    _redact_ibans,
    _redact_cards,
    _redact_phones,
    _redact_blobs,
)


def redact(text: str) -> str:
    """Return ``text`` with personal data and secrets replaced by placeholders.

    Placeholders: ``[EMAIL]``, ``[PHONE]``, ``[CARD]`` (Luhn-valid, 13 to 19 digits),
    ``[IBAN]`` (valid checksum) and ``[SECRET]`` (API keys, JWTs, bearer tokens,
    ``password: …`` values, private keys and long high-entropy strings). Everything else,
    including ordinary numbers, ids, dates and version strings, is left as it was.
    """
    for redaction_pass in _PASSES:
        text = redaction_pass(text)
    return text
