"""Decoding bytes of every encoding news pages come in; bad bytes raise, never crash."""
from __future__ import annotations

import codecs
import random

import pytest

from truceline.errors import BinaryInputError, EmptyInputError
from truceline.sources import decode

RUSSIAN = "Президент России заявил во вторник, что удары по энергетике прекращены на тридцать дней."
UKRAINIAN = "Президент України заявив, що Росія знову атакувала енергетичну інфраструктуру вночі."
FRENCH = "Le président ukrainien a déclaré mardi que la trêve énergétique était déjà violée. « Non », a-t-il dit."
GERMAN = "Die Waffenruhe für Energieanlagen soll dreißig Tage gelten, teilte die Regierung mit. Größere Schäden?"
ENGLISH_CURLY = "Kyiv’s “energy” truce — thirty days, said the minister… and then it ended."


@pytest.mark.parametrize(("text", "encoding"), [
    (RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (UKRAINIAN, "cp1251"), (UKRAINIAN, "koi8-u"),
    (FRENCH, "latin-1"), (FRENCH, "cp1252"), (GERMAN, "latin-1"), (ENGLISH_CURLY, "cp1252"),
    (RUSSIAN, "utf-8"), (FRENCH, "utf-8"), (RUSSIAN, "utf-16"),
])
def test_decodes_legacy_and_unicode_encodings(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), "article.txt") == text


def test_utf8_byte_order_mark_is_dropped() -> None:
    assert decode(codecs.BOM_UTF8 + GERMAN.encode("utf-8"), "a.txt") == GERMAN


def test_empty_and_blank_input_raise_empty() -> None:
    with pytest.raises(EmptyInputError) as info:
        decode(b"", "empty.txt")
    assert info.value.source == "empty.txt"
    with pytest.raises(EmptyInputError):
        decode(b" \n\t\n", "blank.txt")


def test_nul_bytes_raise_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    with pytest.raises(BinaryInputError) as info:
        decode(png, "image.png")
    assert "image.png: " in str(info.value)


def test_random_bytes_without_nul_raise_binary() -> None:
    data = random.Random(7).randbytes(4000).replace(b"\x00", b"\x01")
    with pytest.raises(BinaryInputError):
        decode(data, "noise.bin")
