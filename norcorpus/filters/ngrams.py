"""Gopher's n-gram repetition measures, the same numbers as datatrove's helpers, many times faster.

datatrove's `find_top_duplicate(get_n_grams(words, n))` and `find_all_duplicate(words, n)` build a string
for every n-gram, for every n from 2 to 10: most of a quality tagger's time. Here each word becomes an
integer once, each n-gram a 64-bit polynomial hash of its word ids (numpy), and the character lengths
come from prefix sums. `find_all_duplicate` walks the n-grams greedily (a repeat skips n positions); we
visit only the positions that repeat an earlier n-gram and add the runs between them to the seen set in
bulk, which gives the same walk. `tests/test_filters_ngrams.py` checks equality with datatrove's helpers.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

import numpy as np

_P = np.uint64(1_000_003)


class NGramIndex:
    """Word ids and prefix sums of word lengths of one document."""

    def __init__(self, words: list[str]):
        ids: dict[str, int] = {}
        self.ids = np.fromiter(
            (ids.setdefault(w, len(ids)) + 1 for w in words), dtype=np.uint64, count=len(words)
        )
        self.cum = [0, *accumulate(len(w) for w in words)]

    def _hashes(self, n: int) -> np.ndarray:
        length = len(self.ids) - n + 1
        if length <= 0:
            return np.empty(0, dtype=np.uint64)
        h = np.zeros(length, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(n):
                h = h * _P + self.ids[k : k + length]
        return h

    def top_duplicate_chars(self, n: int) -> int:
        """= datatrove find_top_duplicate(get_n_grams(words, n)): length of the commonest n-gram (words
        joined by spaces) times its count, the earliest one on ties; 0 with fewer than n words."""
        h = self._hashes(n)
        if not len(h):
            return 0
        _, first, counts = np.unique(h, return_index=True, return_counts=True)
        best = counts.max()
        start = int(first[counts == best].min())
        return (self.cum[start + n] - self.cum[start] + n - 1) * int(best)

    def all_duplicate_chars(self, n: int) -> int:
        """= datatrove find_all_duplicate(words, n): characters (words joined without spaces) of the
        n-grams that repeat an earlier one, skipping past each repeat."""
        h = self._hashes(n)
        if not len(h):
            return 0
        _, first = np.unique(h, return_index=True)
        if len(first) == len(h):
            return 0
        repeats = np.ones(len(h), dtype=bool)
        repeats[first] = False
        candidates = np.flatnonzero(repeats).tolist()
        keys = h.tolist()
        cum = self.cum
        seen: set[int] = set()
        repeated, idx, end = 0, 0, len(keys)
        while idx < end:
            pos = bisect_left(candidates, idx)
            if pos == len(candidates):
                break  # no repeats left: the rest are first occurrences
            nxt = candidates[pos]
            seen.update(keys[idx:nxt])  # first occurrences: visited one by one, never a repeat
            if keys[nxt] in seen:
                repeated += cum[nxt + n] - cum[nxt]
                idx = nxt + n
            else:
                seen.add(keys[nxt])
                idx = nxt + 1
        return repeated
