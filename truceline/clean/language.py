"""Language of a body with lingua (its models ship inside the wheel; nothing is downloaded)."""
from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from ..settings import Settings

#: the languages news about the war comes in; a short list keeps lingua fast and its guesses sane.
LANGUAGES = (Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.RUSSIAN, Language.UKRAINIAN,
             Language.SPANISH, Language.ITALIAN, Language.POLISH, Language.PORTUGUESE, Language.DUTCH,
             Language.TURKISH, Language.ROMANIAN, Language.BULGARIAN, Language.BELARUSIAN, Language.CZECH,
             Language.SWEDISH, Language.FINNISH, Language.HUNGARIAN, Language.ARABIC, Language.CHINESE,
             Language.JAPANESE, Language.KOREAN)
#: only the start of a body is looked at: enough to tell languages apart, and fast.
SAMPLE_CHARS = 1000


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """One detector per process, built on first use."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()


def detect_language(text: str, settings: Settings) -> str | None:
    """ISO 639-1 code of ``text``'s language; "en" when detection is off; None when undecidable."""
    if not settings.detect_language:
        return "en"
    sample = text[:SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return None
    found = detector().detect_language_of(sample)
    if found is None:
        return None
    return found.iso_code_639_1.name.lower()
