"""Text → word n-gram shingle hashes → MinHash signature → LSH band hashes, vectorized with numpy over
batches of documents.

Words are the `\\w+` runs of the lower-cased text (punctuation and whitespace differences do not matter).
Tokenizing with `re.findall`, hashing each word with one Python call and a dozen numpy calls per
document cost ~90% of the signature time, so a batch of documents is tokenized and hashed inside numpy:

- the batch is joined with a non-word separator and encoded once to UTF-32 code points;
- one table lookup per code point gives its lower-case form if that is a `\\w` character, else 0
  (lower-casing is per character, `str.lower` of each: Greek final sigma is not special-cased, and
  İ (U+0130) becomes i rather than i + a combining dot, which `\\w+` would split);
- a word's 64-bit hash is the polynomial Σ c_j·R^j (mod 2^64) of its code points, read off prefix sums of
  c·R^position and shifted back by R^-start (R is odd, so invertible mod 2^64): a word hashes the same
  wherever it stands, without a per-word Python call;
- an n-gram's hash combines its words' hashes with n fixed odd multipliers and a 64-bit finalizer, so no
  n-gram string is ever built. Shingles are kept as 32-bit values: two documents of 10k shingles share a
  spurious 32-bit value with probability ~2%, which moves their Jaccard by < 1e-4.

Every value depends only on the document's own text (not on the batch it was computed in, the process or
the machine): same text, same bytes.

MinHash uses multiply-add-shift hashing, h_i(x) = (a_i·x + b_i mod 2^64) >> 32 with odd a_i: universal
for 32-bit keys and a single vectorized multiply-add per shingle and permutation. The shift is monotonic,
so it is applied once to the minimum instead of to every product.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

from norcorpus.dedup.sets import sorted_unique

_U64 = np.uint64
_SEP = "\x00"  # joins the documents of a batch: not a word character, so no word crosses documents
_PIECE_CHARS = 1 << 17  # code points per prefix-sum pass: bounds the power tables (16 B each) and temporaries
_MINHASH_ELEMS = 1 << 19  # (permutations × shingles) values per MinHash block: 4 MiB (2 MiB measured slower)
_UNKNOWN = np.uint32(0xFFFFFFFF)  # a code point not looked up yet
# odd multipliers that combine a band's rows (at most 64, MinhashConfig.rows) into one value
_BAND_MULT = (
    np.random.Generator(np.random.PCG64(0xBA4D)).integers(0, 2**63, size=64, dtype=_U64) << _U64(1)
) | _U64(1)


def _mix64(x: np.ndarray) -> np.ndarray:
    # splitmix64 finalizer: spreads a linear combination of hashes over all 64 bits
    x = x ^ (x >> _U64(30))
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


def _lower_word_codes(codes: Sequence[int]) -> np.ndarray:
    """For each code point: its lower-case code point if that is a `\\w` character, else 0."""
    chars = "".join(map(chr, codes))
    # lower-cased one character at a time: each stands between separators, so no context rule applies
    low = np.frombuffer(_SEP.join(chars).lower().encode("utf-32-le", "surrogatepass"), dtype="<u4")
    first = np.concatenate(([0], np.flatnonzero(low == 0) + 1))  # first code of each lowered character
    lowered = low[first]  # U+0130 → "i\u0307": keep the i
    lowered_chars = "".join(map(chr, lowered.tolist()))
    # `\w` decided by the re module itself, so this matches `re.findall(r"\w+", text.lower())` exactly
    marks = re.sub(r"\w", "\x01", re.sub(r"\W", "\x00", lowered_chars)).encode("latin-1")
    return np.where(np.frombuffer(marks, dtype=np.uint8) != 0, lowered, 0).astype(np.uint32)


class _CodeTable:
    """Code point → lower-case word code point or 0, filled in for the code points a batch brings the first
    time it brings them (each character is decided on its own, so the order does not matter): a text uses
    a few hundred distinct characters, and deciding all 65k of the BMP up front took 30-80 ms per process."""

    def __init__(self) -> None:
        self.table = np.full(0x110000, _UNKNOWN, dtype=np.uint32)
        self.table[0] = 0

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        out = self.table[codes]
        unknown = out == _UNKNOWN
        if unknown.any():
            new = sorted_unique(codes[unknown])
            self.table[new] = _lower_word_codes(new.tolist())
            out[unknown] = self.table[codes[unknown]]
        return out


class _Powers:
    """R^j and R^-j (mod 2^64) for j < n, grown on demand; R is a fixed odd constant."""

    R = 0x2545F4914F6CDD1D

    def __init__(self) -> None:
        self.pow = self.ipow = np.ones(1, dtype=_U64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.pow) < n:
            size = max(n, 2 * len(self.pow))
            self.pow = self._powers(self.R, size)
            self.ipow = self._powers(pow(self.R, -1, 1 << 64), size)
        return self.pow[:n], self.ipow[:n]

    @staticmethod
    def _powers(base: int, n: int) -> np.ndarray:
        out = np.full(n, base, dtype=_U64)
        out[0] = 1
        return np.multiply.accumulate(out)  # wraps mod 2^64


@functools.cache  # built once per process, on first use
def _code_table() -> _CodeTable:
    return _CodeTable()


@functools.cache
def _powers() -> _Powers:
    return _Powers()


def word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit hash of every word of the texts, in order; offsets: text d's words are [off[d], off[d+1]))."""
    joined = _SEP + _SEP.join(texts) + _SEP  # separators at both ends: every word has a start and an end
    codes = _code_table()(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4"))
    is_word = codes != 0
    edges = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1  # alternately a word's start and its end
    starts, ends = edges[0::2], edges[1::2]
    doc_starts = np.cumsum([0] + [len(t) + 1 for t in texts])  # index of each text's separator
    offsets = np.searchsorted(starts, doc_starts)
    hashes = np.empty(len(starts), dtype=_U64)
    # one prefix-sum pass per piece of about _PIECE_CHARS code points (whole words), so that the power
    # tables stay small however large a document is
    w0 = 0
    while w0 < len(starts):
        w1 = int(np.searchsorted(starts, starts[w0] + _PIECE_CHARS, side="left"))
        w1 = max(w1, w0 + 1)
        base, span = int(starts[w0]), int(ends[w1 - 1] - starts[w0])
        pw, ipw = _powers().get(span)
        prefix = np.zeros(span + 1, dtype=_U64)
        np.cumsum(codes[base : base + span] * pw, out=prefix[1:])  # non-word codes are 0: add nothing
        s, e = starts[w0:w1] - base, ends[w0:w1] - base
        hashes[w0:w1] = (prefix[e] - prefix[s]) * ipw[s]
        w0 = w1
    return hashes, offsets


class Shingler:
    """Sorted unique 32-bit shingle hashes of a text; a text shorter than `ngram` words is one shingle."""

    def __init__(self, ngram: int):
        self.ngram = ngram
        gen = np.random.Generator(np.random.PCG64(0x5EED + ngram))
        self._mult = gen.integers(1, 2**63, size=ngram, dtype=_U64) * _U64(2) + _U64(1)

    def __call__(self, text: str) -> np.ndarray:
        return self.batch([text])[0]

    def batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(shingles of all texts, each text's sorted unique values in turn; offsets, len(texts) + 1)."""
        wh, woff = word_hashes(texts)
        n, total, docs = self.ngram, len(wh), len(texts)
        counts = np.diff(woff)
        padded = np.concatenate((wh, np.zeros(n - 1, dtype=_U64)))
        acc = padded[:total] * self._mult[0]
        short_docs = np.flatnonzero((counts > 0) & (counts < n))
        short_acc = np.zeros(len(short_docs), dtype=_U64)
        for k in range(1, n):
            done = short_docs[counts[short_docs] == k]  # texts of k words: their one shingle has k terms
            short_acc[counts[short_docs] == k] = acc[woff[done]]
            acc += padded[k : k + total] * self._mult[k]
        # an n-gram starting at word i is whole when i + n <= the end of its text
        valid = np.ones(total, dtype=bool)
        for k in range(1, n):
            last = woff[1:] - k
            valid[last[last >= woff[:-1]]] = False
        doc_of = np.repeat(np.arange(docs, dtype=_U64), counts)[valid]
        values = np.concatenate((acc[valid], short_acc))
        doc_of = np.concatenate((doc_of, short_docs.astype(_U64)))
        keys = sorted_unique((doc_of << _U64(32)) | (_mix64(values) >> _U64(32)))  # by (text, value)
        offsets = np.searchsorted(keys >> _U64(32), np.arange(docs + 1, dtype=_U64))
        return keys.astype(np.uint32), offsets


class MinHasher:
    """`bands × rows` MinHash values of a shingle set, and one 64-bit hash per band for the LSH buckets."""

    def __init__(self, bands: int, rows: int, seed: int):
        self.bands, self.rows = bands, rows
        gen = np.random.Generator(np.random.PCG64(seed))
        k = bands * rows
        self._a = (gen.integers(0, 2**63, size=k, dtype=_U64) << _U64(1)) | _U64(1)
        self._b = gen.integers(0, 2**63, size=k, dtype=_U64) << _U64(1)
        self._block = max(256, _MINHASH_ELEMS // k)  # shingles per (permutations × shingles) block

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        return self.signatures(shingles, np.array([0, len(shingles)]))[0]

    def signatures(self, shingles: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """(documents × permutations) uint32 MinHash values of the sets shingles[off[d]:off[d+1]]; a
        document without shingles gets 0xFFFFFFFF everywhere."""
        k, docs = len(self._a), len(offsets) - 1
        out = np.full((docs, k), np.iinfo(np.uint64).max, dtype=_U64)
        nonempty = np.flatnonzero(np.diff(offsets) > 0)
        first, end = offsets[:-1][nonempty], offsets[1:][nonempty]
        a, b = self._a[:, None], self._b[:, None]
        buf = np.empty((k, min(self._block, len(shingles))), dtype=_U64)
        # several documents per block: one multiply-add over (permutations × shingles), then the minimum of
        # each document's segment of columns (a document longer than a block is split over several)
        for c0 in range(0, len(shingles), self._block):
            c1 = min(c0 + self._block, len(shingles))
            block = buf[:, : c1 - c0]
            np.multiply(a, shingles[c0:c1].astype(_U64), out=block)
            block += b
            i0, i1 = np.searchsorted(end, c0, side="right"), np.searchsorted(first, c1, side="left")
            segments = np.maximum(first[i0:i1], c0) - c0
            rows = nonempty[i0:i1]
            out[rows] = np.minimum(out[rows], np.minimum.reduceat(block, segments, axis=1).T)
        return (out >> _U64(32)).astype(np.uint32)

    def band_hashes(self, signatures: np.ndarray) -> np.ndarray:
        """One uint64 per band of each signature (a row, or documents × permutations): the band's values
        combined with distinct odd multipliers and mixed; two equal bands always hash equal, and a rare
        collision of unequal bands only adds a candidate pair that verification drops."""
        sig = signatures.reshape(-1, self.bands, self.rows).astype(_U64)
        acc = np.zeros(sig.shape[:2], dtype=_U64)
        for r in range(self.rows):
            acc += sig[:, :, r] * _BAND_MULT[r]
        hashes = _mix64(acc)
        return hashes[0] if signatures.ndim == 1 else hashes


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique shingle arrays."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (len(a) + len(b) - inter)
