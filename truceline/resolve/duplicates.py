"""Near-duplicate documents: MinHash signatures over word 3-grams, banded for locality-sensitive hashing.

Republished and syndicated copies of one story differ in headlines, bylines and small edits, so exact
hashes miss them. A MinHash signature (128 permutations, datasketch) estimates the Jaccard similarity of
two texts' word 3-gram sets; copies with small edits overlap about 0.68-0.79, so the default threshold
(``Settings.duplicate_threshold``) is 0.6.

The bands of each signature are turned into short string keys (``band_keys``) that the store keeps in
an indexed table: candidates are the documents sharing at least one band key, and each candidate is
then checked against the threshold with its full signature. Keeping the bands in the database rather
than in an in-memory ``MinHashLSH`` means the index is written in the same transaction as its document
and survives a killed run.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
# The permutations must never change once signatures are stored: a fixed seed makes them reproducible.
SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-grams of ``text``, case-folded; a text shorter than ``size`` words is one shingle."""
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Signature:
    """A MinHash signature: ``NUM_PERM`` unsigned 64-bit hash values."""

    values: np.ndarray

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u8").astype(np.uint64))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def signature(text: str) -> Signature | None:
    """The MinHash signature of ``text``, or None when the text has no words."""
    grams = shingles(text)
    if not grams:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch(list(grams))
    return Signature(mh.hashvalues.astype(np.uint64))


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[tuple[int, int], ...]:
    # datasketch picks the number of bands b and rows r that minimise false positives and negatives
    # around the threshold; its index is not used, only its choice of (b, r).
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return tuple((i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b))


def band_keys(sig: Signature, threshold: float) -> list[str]:
    """One key per LSH band: ``"<band>:<hash of the band's values>"``."""
    keys = []
    for band, (start, end) in enumerate(_bands(threshold)):
        digest = hashlib.blake2b(sig.values[start:end].astype("<u8").tobytes(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def best_match(sig: Signature, candidates: list[tuple[int, Signature]], threshold: float
               ) -> tuple[int, float] | None:
    """The candidate most similar to ``sig`` at or above ``threshold`` (lowest id on ties), or None."""
    best: tuple[int, float] | None = None
    for ident, other in sorted(candidates, key=lambda c: c[0]):
        sim = sig.similarity(other)
        if sim >= threshold and (best is None or sim > best[1]):
            best = (ident, sim)
    return best
