"""Language identification with lingua's bundled models."""
from __future__ import annotations

import pytest

from truceline.clean import detect_language
from truceline.clean.language import detector
from truceline.settings import Settings


@pytest.mark.parametrize(("text", "code"), [
    ("The Kremlin said the moratorium on strikes against energy facilities had expired.", "en"),
    ("Der Kreml erklärte, das Moratorium für Angriffe auf Energieanlagen sei ausgelaufen.", "de"),
    ("Le Kremlin a déclaré que le moratoire sur les frappes contre les installations énergétiques a expiré.", "fr"),
    ("Кремль заявил, что мораторий на удары по энергетическим объектам истек.", "ru"),
    ("Кремль заявив, що мораторій на удари по енергетичних об'єктах закінчився.", "uk"),
])
def test_detects_the_languages_of_the_news(text: str, code: str, settings: Settings) -> None:
    assert detect_language(text, settings) == code


def test_detection_off_means_english() -> None:
    off = Settings.load(detect_language=False)
    assert detect_language("Кремль заявил, что мораторий истек.", off) == "en"


def test_no_letters_no_language(settings: Settings) -> None:
    assert detect_language("2025 — 30 / 18 …", settings) is None


def test_detector_is_built_once() -> None:
    assert detector() is detector()
