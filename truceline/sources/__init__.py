"""Readers: files, folders, JSON, JSON Lines and stdin to ``RawDocument``s; text encodings."""
from __future__ import annotations

from .encoding import decode
from .files import read_inputs

__all__ = ["decode", "read_inputs"]
