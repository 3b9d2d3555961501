"""Which language a ticket is written in, detected offline.

lingua-language-detector ships its own statistical models, so nothing is downloaded. The
detector is built on first use and only for the languages below, in its low-accuracy mode
(n-grams up to trigrams): about 12 MB and half a second to build, against some 300 MB and
ten seconds for every language at high accuracy. Tickets are detected in the background
job that embeds them, so web workers that never detect never load it.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# ISO 639-1 codes the product recognises, with their English names (the filter's choices).
SUPPORTED_LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "sv": "Swedish",
    "da": "Danish",
    "tr": "Turkish",
    "ru": "Russian",
}
# Too little text to tell languages apart reliably: no answer rather than a guess.
MIN_LETTERS = 12
# Below this margin between the two likeliest languages the detector says nothing.
MIN_RELATIVE_DISTANCE = 0.05

_lock = threading.Lock()


def language_choices() -> list[tuple[str, str]]:
    return list(SUPPORTED_LANGUAGES.items())


@cache
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED_LANGUAGES
    ]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .build()
    )


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when unsure or too short."""
    if sum(char.isalpha() for char in text) < MIN_LETTERS:
        return None
    with _lock:
        detector = _detector()
    language = detector.detect_language_of(text)
    if language is None:
        return None
    code = language.iso_code_639_1.name.lower()
    return code if code in SUPPORTED_LANGUAGES else None
