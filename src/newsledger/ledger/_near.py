"""Near-duplicate reports: wire copy republished with small edits.

A report's body becomes a set of word shingles (``SHINGLE_WORDS`` words in a row, after
the same normalisation as the content hash, lower-cased). MinHash gives a short signature
whose agreement estimates the Jaccard similarity of two shingle sets; locality-sensitive
hashing cuts the signature into ``BANDS`` bands and stores one hash per band, so the
candidates for a new report are found with an indexed look-up (no comparison with every
report). Candidates are then checked exactly on their shingle sets: a copy is a report
whose shingles mostly coincide (Jaccard) or which is mostly contained in the other
(a wire story cut short, or with a local paragraph added).

Cost: one pass over the words, and one vectorised (numpy) hash of the shingles per
permutation; a few milliseconds for a long report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from newsledger.ledger._hash import normalise_body

SHINGLE_WORDS = 5
PERMUTATIONS = 128
BANDS = 32  # 4 rows a band: a pair at Jaccard 0.5 is a candidate with p ~ 0.87, at 0.2 with p ~ 0.05
ROWS = PERMUTATIONS // BANDS
# A copy: most shingles shared, or the shorter report (nearly) contained in the longer one.
DUPLICATE_JACCARD = 0.6
DUPLICATE_CONTAINMENT = 0.8
# Below this many shingles (a body of a dozen words) containment means nothing.
MIN_SHINGLES = 20

_WORD = re.compile(r"\w+", re.UNICODE)
_rng = np.random.default_rng(20250513)  # fixed: signatures must be the same in every process
# Multiply-shift hashing (odd multipliers, arithmetic mod 2**64): a cheap universal family.
_MULTIPLIERS = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1))
_INCREMENTS = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)


@dataclass(frozen=True)
class Resemblance:
    jaccard: float
    containment: float  # shared shingles / shingles of the smaller report

    @property
    def is_copy(self) -> bool:
        return self.jaccard >= DUPLICATE_JACCARD or self.containment >= DUPLICATE_CONTAINMENT

    @property
    def score(self) -> float:
        return max(self.jaccard, self.containment)


def shingles(body: str) -> set[int]:
    """64-bit hashes of the body's word ``SHINGLE_WORDS``-grams (a short body: its words)."""
    words = _WORD.findall(normalise_body(body).lower())
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    return {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "little")
            for g in grams}


def band_hashes(shingle_set: set[int]) -> list[int]:
    """One signed 63-bit hash per band of the MinHash signature ([] for an empty set)."""
    if not shingle_set:
        return []
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    with np.errstate(over="ignore"):
        hashed = values[None, :] * _MULTIPLIERS[:, None] + _INCREMENTS[:, None]
    signature = (hashed >> np.uint64(32)).min(axis=1)
    out = []
    for band in range(BANDS):
        chunk = signature[band * ROWS:(band + 1) * ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return out


def resemblance(a: set[int], b: set[int]) -> Resemblance:
    if not a or not b:
        return Resemblance(0.0, 0.0)
    shared = len(a & b)
    smaller = min(len(a), len(b))
    containment = shared / smaller if smaller >= MIN_SHINGLES else 0.0
    return Resemblance(shared / len(a | b), containment)
