"""Bytes to text: byte-order marks, strict UTF-8, then charset-normalizer over a short list of encodings.

charset-normalizer alone ranks some legacy code pages oddly on short news texts (French in latin-1 comes
out as cp1257, a short Russian line in cp1251 ties with cp1252), so its candidates within a small chaos
margin are re-ranked by how word-like the decoded words look, then by the order of ``CANDIDATES``.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, EmptyInputError

#: Encodings news pages come in, most common first; the order breaks ties.
CANDIDATES = ("cp1252", "cp1251", "koi8_u", "koi8_r", "iso8859_15", "latin_1", "cp1250", "iso8859_2",
              "cp866", "mac_cyrillic", "iso8859_5", "cp1253", "cp1254", "cp1257")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHAOS_MARGIN = 0.1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Mis-decoded Cyrillic shows as runs of accented Latin letters; mis-decoded koi8/cp1251 as case flips.
_ACCENTED_RUN = re.compile(r"[À-ɏ]{3,}")
_CASE_FLIP = re.compile(r"[a-zа-яёіїєґ][A-ZА-ЯЁІЇЄҐ]")
# A Central European text read as cp1252 shows symbols inside words ("³" for "ł", "¿" for "ż").
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][¹²³¼½¾¿¡¤¦§¨©ª¬®¯°±´µ¶·¸º][^\W\d_]")
_MIXED_SCRIPT = re.compile(r"[A-Za-zÀ-ɏ][А-яЁёІіЇїЄєҐґ]|[А-яЁёІіЇїЄєҐґ][A-Za-zÀ-ɏ]")


def decode(data: bytes, source: str) -> str:
    """Decode ``data`` (the bytes of ``source``) to text.

    Raises ``EmptyInputError`` for no text and ``BinaryInputError`` for bytes that are not text.
    """
    if not data.strip():
        raise EmptyInputError(source, "empty input")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return _checked(text, source)
    if b"\x00" in data:
        raise BinaryInputError(source, "binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    legacy = _legacy(data)
    if legacy is None:
        raise BinaryInputError(source, "undecodable bytes: no text encoding fits")
    return _checked(legacy, source)


def _legacy(data: bytes) -> str | None:
    matches = list(from_bytes(data, cp_isolation=list(CANDIDATES)))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    pool = [m for m in matches if m.chaos <= best + _CHAOS_MARGIN and m.encoding in CANDIDATES]
    if not pool:
        pool = matches
    ranked = sorted(pool, key=lambda m: (_penalty(str(m)), CANDIDATES.index(m.encoding)
                                         if m.encoding in CANDIDATES else len(CANDIDATES)))
    return str(ranked[0])


def _penalty(text: str) -> int:
    return (len(_ACCENTED_RUN.findall(text)) + len(_CASE_FLIP.findall(text))
            + len(_MIXED_SCRIPT.findall(text)) + len(_SYMBOL_IN_WORD.findall(text)))


def _checked(text: str, source: str) -> str:
    if not text.strip():
        raise EmptyInputError(source, "empty input")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 20):
        raise BinaryInputError(source, "binary data (control characters), not text")
    return text
