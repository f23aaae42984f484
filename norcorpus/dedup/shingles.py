"""Text → word n-gram shingle hashes → MinHash signature → LSH band hashes, vectorized with numpy.

Words are `\\w+` runs of the lower-cased text (punctuation and whitespace differences do not matter), each
hashed once with xxh3; an n-gram's hash combines its words' hashes with n fixed odd multipliers and a
64-bit finalizer, so no n-gram string is ever built. Shingles are kept as 32-bit values: two documents of
10k shingles share a spurious 32-bit value with probability ~2%, which moves their Jaccard by < 1e-4.

MinHash uses multiply-add-shift hashing, h_i(x) = (a_i·x + b_i mod 2^64) >> 32 with odd a_i: universal
for 32-bit keys and a single vectorized multiply-add per shingle and permutation.
"""

from __future__ import annotations

import re

import numpy as np
import xxhash

_WORD = re.compile(r"\w+")
_CHUNK = 2048  # shingles per block of the (block × permutations) MinHash product: bounds its memory
_U32_MAX = np.uint64(0xFFFFFFFF)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _mix64(x: np.ndarray) -> np.ndarray:
    # splitmix64 finalizer: spreads the linear combination of word hashes over all 64 bits
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class Shingler:
    """Sorted unique 32-bit shingle hashes of a text; a text shorter than `ngram` words is one shingle."""

    def __init__(self, ngram: int):
        self.ngram = ngram
        gen = np.random.Generator(np.random.PCG64(0x5EED + ngram))
        self._mult = gen.integers(1, 2**63, size=ngram, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    def __call__(self, text: str) -> np.ndarray:
        toks = words(text)
        if not toks:
            return np.empty(0, dtype=np.uint32)
        h64 = xxhash.xxh3_64_intdigest
        wh = np.fromiter((h64(t) for t in toks), dtype=np.uint64, count=len(toks))
        n = min(self.ngram, len(toks))
        m = len(toks) - n + 1
        with np.errstate(over="ignore"):
            acc = wh[:m] * self._mult[0]
            for i in range(1, n):
                acc += wh[i : i + m] * self._mult[i]
            mixed = _mix64(acc)
        return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


class MinHasher:
    """`bands × rows` MinHash values of a shingle set, and one 64-bit hash per band for the LSH buckets."""

    def __init__(self, bands: int, rows: int, seed: int):
        self.bands, self.rows = bands, rows
        gen = np.random.Generator(np.random.PCG64(seed))
        k = bands * rows
        self._a = (gen.integers(0, 2**63, size=k, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
        self._b = gen.integers(0, 2**63, size=k, dtype=np.uint64) << np.uint64(1)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        out = np.full(self.bands * self.rows, 0xFFFFFFFF, dtype=np.uint64)
        x = shingles.astype(np.uint64)
        with np.errstate(over="ignore"):
            for start in range(0, len(x), _CHUNK):
                block = x[start : start + _CHUNK, None] * self._a + self._b
                np.minimum(out, (block >> np.uint64(32)).min(axis=0), out=out)
        return out.astype(np.uint32)

    def band_hashes(self, signature: np.ndarray) -> np.ndarray:
        """One uint64 per band: xxh3 of the band's row values (equal iff the rows are equal, up to 2^-64)."""
        rows = signature.reshape(self.bands, self.rows)
        h64 = xxhash.xxh3_64_intdigest
        return np.fromiter((h64(r.tobytes()) for r in rows), dtype=np.uint64, count=self.bands)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique shingle arrays."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (len(a) + len(b) - inter)
