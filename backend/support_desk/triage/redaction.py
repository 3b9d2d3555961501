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
from collections.abc import Callable, Sequence

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


def _phone_length(candidate: str) -> bool:
    """Whether `candidate` has as many digits as a phone number can."""
    return _PHONE_MIN_DIGITS <= len(_digits(candidate)) <= _PHONE_MAX_DIGITS


def _phone_replacer(match: re.Match[str]) -> str:
    candidate = match.group(0)
    return PHONE if _phone_length(candidate) else candidate


def _redact_phones(text: str) -> str:
    def replace_context(match: re.Match[str]) -> str:
        if not _phone_length(match.group("value")):
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


# --- another customer's particulars ------------------------------------------------------
#
# `redact` keeps what helps a classifier (order ids, amounts, dates). Text that is reused for
# another customer (a past reply offered as a draft) must lose more: everything that belongs to
# the person it was written for. `redact_personal` adds the passes below to `redact`.

NAME = "[NAME]"
ADDRESS = "[ADDRESS]"
NUMBER = "[NUMBER]"
DATE = "[DATE]"

PERSONAL_PLACEHOLDERS: tuple[str, ...] = (*PLACEHOLDERS, NAME, ADDRESS, NUMBER, DATE)

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}'\u2019]+(?:-[{_UPPER}][{_LOWER}'\u2019]+)*"
# "de", "van der", "Le": the small words inside family names.
_PARTICLE = r"(?:de|da|di|del|della|des|du|la|le|van|von|der|den|ter|ten|zu|y|bin|al|Le|La|De|Van|Von)"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Herr|Frau|Mme|Mlle|M)\.?"
_FULL_NAME = (
    rf"(?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME_WORD}){{0,3}}"
    r"(?:,?[ \t]+(?:[A-Z]{1,4}\.[A-Za-z.]{0,8}|Jr\.?|Sr\.?|II|III|PhD|MD|MBA))?"
)

# "Hi Tom," / "Dear Mrs Baker," / "Hello Tom Baker!" at the start of a line.
GREETING_WORDS = (
    r"[ \t]*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening)|hallo|bonjour|hola|ciao)"
)
_GREETING_RE = re.compile(
    rf"(?im)^(?P<greeting>{GREETING_WORDS}[ \t]+)(?-i:(?P<name>{_FULL_NAME}))(?P<end>[ \t]*[,!:.\n])"
)
# A name alone on the line after "Best regards," and the like.
_SIGN_OFF_RE = re.compile(
    rf"(?im)^(?P<closing>[ \t]*(?:best|kind|warm|many|with)?[ \t]*(?:regards|wishes|thanks|"
    rf"thank you|cheers|sincerely|best|all the best|yours(?: truly| sincerely)?)[ \t]*[,!.]?[ \t]*\n)"
    rf"(?P<name>[ \t]*(?-i:{_FULL_NAME}))[ \t]*$"
)
# "Mrs Baker", "Dr. Tom Baker" anywhere.
_HONORIFIC_NAME_RE = re.compile(rf"\b{_HONORIFIC}[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?")
# "my name is Tom Baker", "name: Tom Baker", "signed for by Tom Baker", "we spoke to Tom Baker".
_NAMED_RE = re.compile(
    rf"(?i)\b(?P<key>(?:my\s+name\s+is|this\s+is|name\s*:|full\s+name\s*:|customer\s*:|"
    rf"account\s+holder\s*:?|card\s*holder\s*:?|recipient\s*:|signed\s+for\s+by|addressed\s+to|"
    rf"delivered\s+to|on\s+behalf\s+of|(?:spoke|spoken|talked|chatted)\s+(?:to|with)|"
    rf"(?:called|phoned|e-?mailed|contacted|asked|told|informed|met|copied|cc'?d)|"
    rf"(?:wife|husband|partner|son|daughter|mother|father|neighbou?r|colleague|friend)(?:,)?)\s+)"
    rf"(?-i:(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME_WORD}){{1,3}}))"
)

# USPS street suffixes and their common abbreviations (with British and Irish ones).
_STREET_TYPES = (
    r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Ter|"
    r"Close|Crescent|Cres|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Trl|Row|Walk|Gardens?|"
    r"Grove|Hills?|Mews|Park|Plaza|Alley|Loop|Pike|Point|Ridge|Run|View|Wharf|Quay|Green|Plains?|"
    r"Lodge|Mountains?|Mount|Bridge|Rapids?|Shoals?|Skyway|Village|Views|Ville|Meadows?|Manor|Mills?|"
    r"Springs?|Stream|Summit|Track|Trace|Turnpike|Union|Valley|Vista|Well|Wells|Isle|Island|Junction|"
    r"Key|Knolls?|Lake|Lakes|Landing|Light|Locks?|Creek|Crest|Crossing|Cove|Coves|Corners?|Courts|"
    r"Estates?|Expressway|Extension|Falls|Ferry|Field|Fields|Flats?|Ford|Forest|Forge|Fork|Fort|"
    r"Freeway|Garden|Gateway|Glen|Harbor|Harbour|Haven|Heights|Hollow|Inlet|Pass|Path|Pine|Pines|"
    r"Port|Prairie|Radial|Ranch|Rest|River|Shore|Shores|Spur|Station|Squares|Trafficway|"
    r"Tunnel|Underpass|Canyon|Cape|Causeway|Center|Centre|Cliffs?|Club|Common|Bypass|Bluffs?|"
    r"Bottom|Branch|Brook|Brooks|Burgs?|Camp|Dale|Dam|Divide|Ways|Parade|Rise|Gate|Yard|Wynd|"
    r"Embankment|Broadway|Circus|Approach|Fall"
)
_UNIT = r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Studio|#)\.?\s*[\w-]{1,6})"
_US_STATE_ZIP = r"(?:,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?)"
_UK_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
_PLACE_WORD = rf"[{_UPPER}][{_LOWER}'\u2019-]+"
_CITY = rf"(?:,\s*(?:{_PLACE_WORD}[ \t-]?){{1,3}})"
_TOWN = rf"\d{{4,5}}\s+{_PLACE_WORD}(?:[ -]{_PLACE_WORD})*"  # 10115 Berlin, 91511 Bad Mergentheim
_TAIL = rf"(?:{_CITY}{{0,2}}(?:{_US_STATE_ZIP}|,?\s+{_UK_POSTCODE}|,?\s+{_TOWN})?)?"
_ADDRESS_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Flat 7, Cox Skyway, West Henry, B2 4XY / Studio 9, ...: from the flat to the postcode.
    re.compile(
        rf"\b(?:Flat|Studio|Apartment|Apt|Unit|Suite)\.?\s+[\w-]{{1,6}}[,\n]\s*(?:[^,\n]{{2,40}},\s+){{0,3}}"
        rf"{_UK_POSTCODE}"
    ),
    # Military post: PSC 5895, Box 9544, APO AA 87718 / USNS Smith, FPO AP 14728
    re.compile(r"\b(?:PSC|Unit|USNS|USS|USCGC|USNV)\b[^\n]{0,40}?\b(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}\b"),
    # 221B Baker Street, Apt 4, London NW1 6XE / 1600 Pennsylvania Ave NW, Washington, DC 20500
    re.compile(
        rf"\b\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,5}})?,?\s+(?:[A-Z][\w'.-]*\s+){{0,4}}(?:{_STREET_TYPES})s?\b\.?"
        rf"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?{_UNIT}?{_TAIL}"
    ),
    # 3262 Taylor Rise Apt. 995: a number, a few capitalised words and a flat or suite.
    re.compile(
        rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{_PLACE_WORD}\s+){{1,4}}(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*[\w-]{{1,6}}{_TAIL}"
    ),
    # Anatol-Ullrich-Straße 24, Hauptstr. 12a, 10115 Berlin (the postcode and town after them)
    re.compile(
        r"\b(?:[A-ZÄÖÜ][\wäöüß]*[ -]){0,3}[A-ZÄÖÜ][\wäöüß-]*(?:[Ss]traße|[Ss]trasse|[Ss]tr\.|[Ww]eg|[Aa]llee|"
        r"[Pp]latz|[Gg]asse|[Rr]ing|[Dd]amm|[Uu]fer|[Ss]teig|[Pp]fad|[Cc]haussee)\s+\d{1,4}(?:\s?[a-z]\b)?"
        r"(?:[-/]\d{1,4})?\b"
        rf"(?:,?\s+\d{{4,5}}\s+{_PLACE_WORD}(?:[ -]{_PLACE_WORD})*)?"
    ),
    # 4, chemin de Hernandez, 63371 Briand / rue de la Paix 5 / Via Roma 10
    re.compile(
        r"(?i)(?:\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+)?\b(?:rue|avenue|boulevard|bd|chemin|allée|place|impasse|"
        r"route|quai|cours|square|via|viale|piazza|calle|avenida|plaza|paseo|rua|straat|laan|gracht)"
        r"\s+(?:[\w'\u2019-]+\s+){0,4}?(?:\d{1,4}[a-z]?\b|(?-i:[A-ZÀ-Þ][\w'\u2019-]+)(?=,?\s+\d{5}\b))"
        rf"(?:,?\s+\d{{5}}\s+{_PLACE_WORD}(?:[ -]{_PLACE_WORD}|-(?:la|le|les|sur|sous|en|de)(?=-))*)?"
    ),
    # 95, rue Roger Colas
    re.compile(
        r"\b\d{1,4}(?:\s?(?:bis|ter))?,\s+(?:rue|avenue|boulevard|bd|chemin|allée|place|impasse|route|quai|"
        rf"cours)\s+(?:(?:de|du|des|la|le|l'|d')\s*)*{_PLACE_WORD}(?:[ \t-]+{_PLACE_WORD}){{0,3}}"
    ),
    re.compile(r"(?i)\bP\.?\s?O\.?\s+Box\s+\d+\b"),
    re.compile(_UK_POSTCODE),
    re.compile(r"\b[A-Z]{2}\s+\d{5}-\d{4}\b"),
)
# "ship it to 39090 Joshua Bridge", "lives at 12 Elm": a number and words after a word that
# says an address follows.
_ADDRESS_CONTEXT_RE = re.compile(
    rf"(?i)(?P<key>\b(?:address(?:\s+is)?|(?:ship|shipped|deliver|delivered|send|sent|post|posted|"
    rf"mail|mailed|goes|go|forward|forwarded)\s+(?:it\s+)?to|lives?\s+at|living\s+at|located\s+at|"
    rf"moved\s+to)\s*:?\s+)"
    rf"(?P<value>(?-i:\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,5}})?,?\s+(?:{_PLACE_WORD}[ \t]+){{0,3}}{_PLACE_WORD}"
    rf"{_UNIT}?{_TAIL}))"
)

# The rest of an address after its flat: "[ADDRESS]\nWilliam Rapid", "[ADDRESS], Cox Skyway".
_ADDRESS_CONTINUED_RE = re.compile(
    rf"\[ADDRESS\][,\n][ \t]*(?:{_PLACE_WORD}[ \t]+){{0,3}}(?:{_STREET_TYPES})\b\.?{_TAIL}"
)

# Phone numbers as people write them at home: "(0808) 157 0192", "(823)420-1098x3263".
_PHONE_LOOSE_RE = re.compile(
    r"(?<![\w+\[-])\+?\(?\d{2,5}\)?[ .\-]?\d{2,5}(?:[ .\-]\d{2,5}){0,3}"
    r"(?:\s?(?:x|ext\.?)\s?\d{1,6})?(?![\w\]])"
)


def _redact_loose_phones(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        candidate = match.group(0)
        if not _phone_length(re.split(r"x|ext", candidate)[0]):
            return candidate
        # Dates and versions (2024-01-15, 2.4.17) are not phone numbers.
        if re.match(r"\d{4}-\d{2}-\d{2}(?!\d)", candidate) or re.fullmatch(r"\d+(?:\.\d+){2,}", candidate):
            return candidate
        return PHONE

    return _PHONE_LOOSE_RE.sub(replace, text)


def _merge_leftovers(text: str) -> str:
    """Join what a pass left beside a placeholder to it: an area code before a number taken out
    ("(0116) [PHONE]"), the rest of a number and its extension after it ("[PHONE]-9114x170"),
    a flat's word before its address ("Studio [ADDRESS]")."""
    text = re.sub(r"(?<![\w-])\+?\(?\d{2,5}\)?[ .\-]?\[(?:PHONE|NUMBER)\]", PHONE, text)
    text = re.sub(r"\[PHONE\](?:[ .\-]\d{2,5})*(?:\s?(?:x|ext\.?)\s?\d{1,6})?(?![\w-])", PHONE, text)
    return re.sub(r"\b(?:Flat|Studio|Apartment|Apt|Unit|Suite)\.?\s+\[ADDRESS\]", ADDRESS, text)


_CARD_ENDING_RE = re.compile(
    r"(?i)(?P<key>\b(?:ending|ends)(?:\s+(?:in|with|on))?|\blast\s+(?:four|4)(?:\s+digits)?"
    r"(?:\s+(?:of|are|is))?(?:\s+(?:your|the|its))?(?:\s+card)?)(?P<sep>\s*[:\-]?\s*)(?P<value>\d{4})\b"
)
_MASKED_CARD_RE = re.compile(r"(?<![\w*•])(?:[*xX•]{2,4}[ -]?){1,3}\d{4}\b")
_EXPIRY_RE = re.compile(
    r"(?i)(?P<key>\b(?:exp(?:iry|ires|iration)?(?:\s+date)?|valid\s+thru)\s*[:.]?\s*)(?P<value>\d{1,2}\s?/\s?\d{2,4})"
)

# "Your temporary password is Xk7!pq29", "the code is 493817", "reset it to Summer2024".
_SECRET_IN_PROSE_RE = re.compile(
    r"""(?ix)
    (?P<key>\b(?:(?:temporary|temp|new|one[- ]time|initial|default|your|the)\s+)?
      (?:password|passcode|passphrase|pass\s?word|pin(?:\s+code)?|code|verification\s+code|
         security\s+code|reset\s+code|access\s+code|otp|login|username|user\s+name|voucher|coupon)
      (?:\s+(?:is|was|will\s+be|has\s+been\s+(?:set|reset|changed)\s+to|set\s+to|reset\s+to|
         changed\s+to|of))?
      |\b(?:reset|set|changed)\s+(?:it|your\s+password)\s+to)
    (?P<sep>\s*[:=]?\s*["'\u201c\u2018]?)
    (?P<value>[^\s"'\u201d\u2019,;]{4,64})
    """
)

# "order number 88123", "account id: 4711", "invoice #INV-2024-0042", "booking ref ABC123".
_KEYED_NUMBER_RE = re.compile(
    r"""(?ix)
    (?P<key>\b(?:order|account|acct|invoice|customer|client|member(?:ship)?|booking|reservation|
      reference|ref|tracking|shipment|parcel|policy|contract|subscription|claim|loyalty|
      transaction|payment|serial|passport|licen[cs]e|tax|vat|social\s+security|ssn|national\s+id|
      routing|sort\s+code|iban|bic|swift)
      (?:\s*(?:number|no\.?|num|nr|id|\#|code))?(?:\s+(?:is|was))?\s*[:\#]?\s*\#?)
    (?P<value>[A-Z0-9](?:[A-Z0-9/-]{1,40}[A-Z0-9])?)
    """
)
# Long digit runs left over: identifiers of the person's account, parcel or contract.
_LONG_DIGITS_RE = re.compile(r"(?<![\w#\[-])\d(?:[ ./-]?\d){5,}(?![\w\]])")
_BIRTH_DATE_RE = re.compile(
    r"(?i)(?P<key>\b(?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+on)?|birthday)\s*[:]?\s*)"
    r"(?P<value>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})"
)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _looks_like_code(value: str) -> bool:
    """A password or code as people write them: digits, mixed case or symbols (a plain word
    like "wrong" or "expired" is prose, not a secret)."""
    if value in PERSONAL_PLACEHOLDERS:
        return False
    stripped = value.rstrip(".!?)")
    if len(stripped) < 4:
        return False
    mixed = any(ch.isupper() for ch in stripped[1:]) and any(ch.islower() for ch in stripped)
    # A hyphen or an apostrophe makes a word ("case-sensitive", "isn't"), not a code.
    symbols = any(not ch.isalnum() and ch not in "-'\u2019" for ch in stripped)
    return _has_digit(stripped) or mixed or symbols


# Words that name a code only sometimes ("{code:java}", "login page"): their value must have a digit.
_LOOSE_SECRET_KEYS = re.compile(r"(?i)\b(?:code|login|username|user\s+name|voucher|coupon)\b")


def _redact_secrets_in_prose(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = match.group("value")
        if not _looks_like_code(value) or "{" in value or "}" in value:
            return match.group(0)
        key = match.group("key")
        loose = _LOOSE_SECRET_KEYS.search(key) and not re.search(r"(?i)pass|pin|otp", key)
        if loose and not _has_digit(value):
            return match.group(0)
        stripped = value.rstrip(".!?)")
        return f"{match.group('key')}{match.group('sep')}{SECRET}{value[len(stripped) :]}"

    return _SECRET_IN_PROSE_RE.sub(replace, text)


def _keyed(pattern: re.Pattern[str], placeholder: str, *, digits: int = 0) -> Callable[[str], str]:
    def replace(match: re.Match[str]) -> str:
        value = match.group("value")
        if value in PERSONAL_PLACEHOLDERS or sum(ch.isdigit() for ch in value) < digits:
            return match.group(0)
        return f"{match.group('key')}{match.groupdict().get('sep') or ''}{placeholder}"

    return lambda text: pattern.sub(replace, text)


def _redact_addresses(text: str) -> str:
    for pattern in _ADDRESS_PATTERNS:
        text = pattern.sub(ADDRESS, text)
    text = _ADDRESS_CONTEXT_RE.sub(lambda m: f"{m.group('key')}{ADDRESS}", text)
    text = _ADDRESS_CONTINUED_RE.sub(ADDRESS, text)
    # "[ADDRESS], [ADDRESS]" (a street, then its postcode) is one address.
    return re.sub(r"\[ADDRESS\](?:,?\s*\[ADDRESS\])+", ADDRESS, text)


# A known name's placeholder followed by more of the name, as an agent wrote it ("Tom Becker" when
# only "Tom" is on the account): the whole run goes. Capitalised words that start a sentence or
# a clause are not names.
_NOT_NAMES = (
    r"(?:The|A|An|I|We|You|Your|Our|My|Please|Thanks|Thank|It|Its|This|That|These|Those|If|And|But|"
    r"Or|So|In|On|At|For|To|As|By|With|From|He|She|They|Hi|Hello|Dear|Best|Kind|Regards|Yes|No)"
)
_AFTER_NAME_RE = re.compile(
    rf"{re.escape(NAME)}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}(?!{_NOT_NAMES}\b)(?-i:{_NAME_WORD}))+"
)


def _redact_generic_names(text: str) -> str:
    text = _AFTER_NAME_RE.sub(NAME, text)
    text = _GREETING_RE.sub(lambda m: f"{m.group('greeting')}{NAME}{m.group('end')}", text)
    text = _SIGN_OFF_RE.sub(lambda m: f"{m.group('closing')}{NAME}", text)
    text = _NAMED_RE.sub(lambda m: f"{m.group('key')}{NAME}", text)
    return _HONORIFIC_NAME_RE.sub(NAME, text)


# Local parts of shared mailboxes: words that stand in replies for other things.
_ROLE_MAILBOXES = frozenset(
    [
        "info",
        "support",
        "sales",
        "billing",
        "admin",
        "contact",
        "hello",
        "mail",
        "office",
        "team",
        "accounts",
        "account",
        "help",
        "service",
        "noreply",
        "no-reply",
        "webmaster",
        "postmaster",
        "hr",
        "jobs",
        "orders",
        "order",
        "finance",
        "invoices",
        "invoice",
        "home",
        "work",
        "me",
        "mobile",
        "private",
    ]
)


def person_identifiers(*, names: Sequence[str] = (), emails: Sequence[str] = ()) -> list[str]:
    """What identifies a person in text: their names (full, and each part of two letters or
    more), user names, their addresses and the part before the @ (unless it is a shared
    mailbox's word, such as "billing"); longest first, so a full name goes before its parts."""
    found: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if len(name) >= 2 and name.casefold() not in _ROLE_MAILBOXES:
            found.add(name)
            found.update(
                part
                for part in re.split(r"[\s]+", name)
                if len(part) >= 2 and part.casefold() not in _ROLE_MAILBOXES
            )
    for email in emails:
        email = email.strip()
        if "@" in email:
            found.add(email)
            local = email.split("@", 1)[0]
            if len(local) >= 3 and local.casefold() not in _ROLE_MAILBOXES:
                found.add(local)
    return sorted(found, key=lambda item: (-len(item), item))


def _name_like(identifier: str) -> bool:
    return all(ch.isalpha() or ch in " -'\u2019" for ch in identifier)


def _identifier_re(identifier: str) -> re.Pattern[str]:
    """A name matches as written or in capitals ("Will Grant", "WILL GRANT", never "will
    grant"); an address or a user name in any case. Either only as a whole word."""
    bounds = r"(?<![\w@.+-])({})(?![\w@-]|\.\w)"
    if _name_like(identifier):
        return re.compile(bounds.format(f"{re.escape(identifier)}|{re.escape(identifier.upper())}"))
    return re.compile(bounds.format(re.escape(identifier)), re.IGNORECASE)


def redact_identifiers(text: str, identifiers: Sequence[str], placeholder: str = NAME) -> str:
    """Replace each of a known person's identifiers (see `person_identifiers`) wherever it
    stands as a word: a name as written or in capitals, an address or a user name in any case."""
    for identifier in identifiers:
        text = _identifier_re(identifier).sub(placeholder, text)
    return text


def identifiers_left(text: str, identifiers: Sequence[str]) -> list[str]:
    """The identifiers still found in `text`, the last check before it is reused: a name as a
    word, an address or a user name even inside a longer word."""
    left = []
    for identifier in identifiers:
        if _name_like(identifier):
            found = _identifier_re(identifier).search(text) is not None
        else:
            found = len(identifier) >= 4 and identifier.casefold() in text.casefold()
        if found:
            left.append(identifier)
    return left


_PERSONAL_PASSES: tuple[Callable[[str], str], ...] = (
    _redact_secrets_in_prose,
    _keyed(_BIRTH_DATE_RE, DATE),
    _keyed(_EXPIRY_RE, CARD),
    _keyed(_CARD_ENDING_RE, CARD),
    _sub(_MASKED_CARD_RE, CARD),
    _redact_addresses,
    _keyed(_KEYED_NUMBER_RE, NUMBER, digits=2),
    _redact_loose_phones,
    _sub(_LONG_DIGITS_RE, NUMBER),
    _merge_leftovers,
)


def redact_personal(text: str, *, identifiers: Sequence[str] = ()) -> str:
    """Return ``text`` fit to reuse for someone else: what ``redact`` removes, and also the
    known identifiers of the people it was written for (``[NAME]``), names in greetings,
    sign-offs and after a title or "my name is" (``[NAME]``), street addresses and postcodes
    (``[ADDRESS]``), card endings and expiry dates (``[CARD]``), passwords and codes written
    in a sentence (``[SECRET]``), order, account and other reference numbers and long digit
    runs (``[NUMBER]``), and birth dates (``[DATE]``).

    What it does not find: a name of someone unknown in the middle of a sentence ("Sarah from
    accounts"), an address without a number and street type ("the blue house by the mill"),
    a short number without a label.
    """
    text = redact(text)
    for redaction_pass in _PERSONAL_PASSES:
        text = redaction_pass(text)
    if identifiers:
        text = redact_identifiers(text, identifiers)
    return _redact_generic_names(text)
