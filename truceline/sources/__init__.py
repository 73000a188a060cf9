"""Readers: files, folders, JSON, JSON Lines and stdin to ``RawDocument``s; text encodings; dates."""
from __future__ import annotations

from .dates import DateMatch, parse_date, search_dates
from .encoding import decode
from .files import read_inputs

__all__ = ["DateMatch", "decode", "parse_date", "read_inputs", "search_dates"]
