"""Gopher's n-gram repetition measures for a batch of documents, the same numbers as datatrove's helpers.

datatrove's `find_top_duplicate(get_n_grams(words, n))` and `find_all_duplicate(words, n)` build a string
for every n-gram, for every n from 2 to 10: most of a quality tagger's time. Here n-grams are numbered
exactly, level by level, with sorts of integers: the class of an n-gram is the pair (class of its
(n-1)-gram prefix, class of its last word). An n-gram can only repeat where its (n-1)-gram prefix repeats,
so each level sorts only the positions that still repeat (in the benchmark text: 86% of the tokens for
n = 2, 21% for n = 5, 15% for n = 10).

`find_all_duplicate` walks the n-grams greedily: a repeat of an n-gram seen before adds its characters and
skips n positions; anything else is remembered and the walk moves on by one. Only positions whose n-gram
occurs twice or more can count, and of those, the first occurrence is never a repeat, so the Python loop
visits only the later occurrences it lands on (see `_walk`). n-grams are compared as word tuples (datatrove
compares "".join(words), so ["ab", "c"] and ["a", "bc"] collide there; norcorpus never matched that).
`tests/test_filters_ngrams.py` and `tests/test_filters_quality_reference.py` check equality.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class WordSequence:
    """Tokens of a batch of documents as numbered words (see `norcorpus.filters.words.Tokens`)."""

    order: np.ndarray  # token indices sorted by word, then position
    new_class: np.ndarray  # new_class[k]: order[k] is another word, or in another document, than order[k - 1]
    doc_tokens: np.ndarray  # D + 1 token offsets of the documents
    doc_of: np.ndarray  # the document of each token
    lengths: np.ndarray  # characters per token


@dataclass
class Repetition:
    """Per document: top[n] = find_top_duplicate chars, dup[n] = find_all_duplicate chars (int64 arrays)."""

    top: dict[int, np.ndarray]
    dup: dict[int, np.ndarray]


def running_count(flags: np.ndarray) -> np.ndarray:
    """np.cumsum of a bool array, as int64: into an int64 array (cumsum's own cast from bool is ~9x slower)."""
    out = np.empty(len(flags), dtype=np.int64)
    np.cumsum(flags, out=out)
    return out


_PACK_BITS = 63  # (class, position) pairs are sorted as one int64 where they fit in this many bits


def repetition(words: WordSequence, top_ns: Iterable[int], dup_ns: Iterable[int]) -> Repetition:
    top_ns, dup_ns = tuple(top_ns), tuple(dup_ns)
    bounds = words.doc_tokens
    n_docs, m = len(bounds) - 1, int(bounds[-1])
    sizes = np.diff(bounds)
    doc_of = words.doc_of
    cum = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(words.lengths, out=cum[1:])
    out = Repetition(
        {n: np.zeros(n_docs, dtype=np.int64) for n in top_ns},
        {n: np.zeros(n_docs, dtype=np.int64) for n in dup_ns},
    )
    # documents without a repeated n-gram: the top n-gram is the first one, once
    for n in top_ns:
        has = sizes >= n
        first = bounds[:-1][has]
        out.top[n][has] = cum[first + n] - cum[first] + n - 1
    if not m:
        return out
    # level 1: classes of (document, word); words.order is sorted by word, then position
    order, new_class = words.order, words.new_class
    # word classes from 1; after the last token, 0s. An n-gram that runs past its document's end has a
    # class of its own (its (n-1)-gram prefix ends that document), so it never repeats: no bounds checks.
    n_max = max(top_ns + dup_ns, default=1)
    word_class = np.zeros(m + n_max, dtype=np.int64)
    word_class[order] = running_count(new_class)
    n_words = int(word_class[order[-1]]) + 1
    repeated = _repeated(new_class)
    positions = np.compress(repeated, order)  # (np.compress: faster than indexing with a mask)
    classes, n_classes = _dense(new_class, repeated)  # small numbers: the keys below fit in an int64
    bits = max(1, (m - 1).bit_length())
    low = (1 << bits) - 1
    for n in range(2, n_max + 1):
        if not len(positions):
            break
        # positions whose (n-1)-gram repeats are the only ones whose n-gram can; the class of an n-gram is
        # (class of its (n-1)-gram, class of its last word); sort them with the positions
        keys = classes * n_words + word_class[positions + n - 1]
        if (n_classes * n_words).bit_length() + bits <= _PACK_BITS:
            packed = (keys << bits) | positions
            packed.sort()
            positions = packed & low
            new_run = np.empty(len(packed), dtype=bool)
            new_run[0] = True
            np.greater(packed[1:] ^ packed[:-1], low, out=new_run[1:])
        else:  # a batch too large to pack: sort the pairs
            by = np.lexsort((positions, keys))
            keys, positions = keys[by], positions[by]
            new_run = np.empty(len(keys), dtype=bool)
            new_run[0] = True
            np.not_equal(keys[1:], keys[:-1], out=new_run[1:])
        repeated = _repeated(new_run)
        if n in top_ns:
            _top(out.top[n], np.flatnonzero(new_run), positions, doc_of, cum, n)
        positions_before = positions
        positions = np.compress(repeated, positions)
        classes, n_classes = _dense(new_run, repeated)
        if n in dup_ns:  # a class's first occurrence heads its run (sorted by position); the rest are later
            later = np.flatnonzero(~new_run)
            heads = np.compress(new_run & repeated, positions_before)
            _dup(
                out.dup[n],
                positions_before[later],
                np.compress(~new_run[repeated], classes),
                heads,
                doc_of,
                cum,
                n,
            )
    return out


def _dense(new_run: np.ndarray, repeated: np.ndarray) -> tuple[np.ndarray, int]:
    """The classes of the repeated elements of a sorted array, numbered 0, 1, ... in sorted order, and
    how many there are (only classes that repeat go on to the next level: smaller numbers, tighter keys)."""
    heads = new_run & repeated
    numbers = np.compress(repeated, running_count(heads)) - 1
    return numbers, int(numbers[-1]) + 1 if len(numbers) else 0


def _repeated(new_run: np.ndarray) -> np.ndarray:
    """Elements of a sorted array whose value occurs more than once."""
    repeated = ~new_run
    repeated[:-1] |= ~new_run[1:]
    return repeated


def _top(
    out: np.ndarray, heads: np.ndarray, positions: np.ndarray, doc_of: np.ndarray, cum: np.ndarray, n: int
) -> None:
    """The commonest n-gram of each document with a repeat; on ties the one seen first (Counter order).
    `heads` are the starts of the runs of equal n-grams in `positions` (each run sorted by position)."""
    counts = np.diff(heads, append=len(positions))
    repeats = counts >= 2
    if not repeats.any():
        return
    counts, first = np.compress(repeats, counts), positions[np.compress(repeats, heads)]
    docs = doc_of[first]
    top = np.zeros(len(out), dtype=np.int64)
    np.maximum.at(top, docs, counts)
    best = counts == top[docs]
    earliest = np.full(len(out), len(doc_of), dtype=np.int64)
    np.minimum.at(earliest, docs[best], first[best])
    docs = np.flatnonzero(top)
    first, counts = earliest[docs], top[docs]
    out[docs] = (cum[first + n] - cum[first] + n - 1) * counts


def _dup(
    out: np.ndarray,
    later: np.ndarray,
    classes: np.ndarray,
    heads: np.ndarray,
    doc_of: np.ndarray,
    cum: np.ndarray,
    n: int,
) -> None:
    """Add the characters of the repeats that datatrove's find_all_duplicate counts, per document.
    `later`: positions whose n-gram occurred before; `classes`: their n-gram; heads[c]: where c first is."""
    if not len(later):
        return
    m = len(doc_of)
    is_later = np.zeros(m + n, dtype=bool)
    is_later[later] = True
    class_at = np.empty(m, dtype=np.int64)
    class_at[later] = classes
    below = np.zeros(m + n + 1, dtype=np.int64)  # below[x]: later positions before x
    np.cumsum(is_later, out=below[1:])
    later = np.flatnonzero(is_later)  # ascending
    classes = class_at[later]
    first = heads[classes]
    jump = below[later + n]  # after a repeat at later[k]: the index of the first later position n on
    # a first occurrence can only have been skipped if a later position (a repeat) lies less than n before it
    unsafe = below[first] > below[np.maximum(first - n + 1, 0)]
    # from k on, the later positions go up by one until stop[k], with no unsafe one after k before it
    breaks = np.flatnonzero(np.diff(later) != 1) + 1
    run_end = np.repeat(np.append(breaks, len(later)), np.diff(breaks, prepend=0, append=len(later)))
    unsafe_at = np.append(np.flatnonzero(unsafe), len(later))
    stop = np.minimum(run_end, unsafe_at[np.searchsorted(unsafe_at, np.arange(1, len(later) + 1))])
    views = (memoryview(later), memoryview(first), memoryview(classes), memoryview(jump), memoryview(stop))
    runs, counts = _walk(*views, unsafe.tobytes(), n)
    if runs:
        starts = later[runs]
        # the repeats at p, p + n, ..., p + (count - 1) n: their characters telescope
        chars = cum[starts + np.array(counts, dtype=np.int64) * n] - cum[starts]
        per_doc = np.bincount(doc_of[starts], weights=chars, minlength=len(out))  # float64: exact below 2**53
        out += per_doc.astype(np.int64)


def _walk(
    later: Sequence[int],
    first: Sequence[int],
    classes: Sequence[int],
    jump: Sequence[int],
    stop: Sequence[int],
    unsafe: bytes,
    n: int,
) -> tuple[list[int], list[int]]:
    """Where datatrove's find_all_duplicate counts a repeat, as runs: indices k into `later`, and counts c
    (the repeats at later[k], later[k] + n, ..., later[k] + (c - 1) n).

    `later` are the positions (ascending) whose n-gram occurred before, with their n-gram's first
    occurrence and class; `jump[k]` is the index of the first of them at or after later[k] + n. The walk
    visits a position unless it lies in the n - 1 positions after a repeat. At a visited position the
    n-gram is a repeat exactly when an earlier occurrence was visited (visiting it either stored the
    n-gram or was itself a repeat): the first occurrence, unless it lay within n - 1 after a repeat, or a
    later one the loop visited and found new (`visited`). Only where `unsafe[k]` (a later position lies
    less than n before the first occurrence) can the first occurrence have been skipped; where positions
    go up by one with none unsafe (up to `stop[k]`), every n-th is a repeat: one step for all of them.
    Documents follow each other: a repeat never skips past its own document.
    """
    runs: list[int] = []
    counts: list[int] = []
    position = later.__getitem__
    visited: set[int] = set()
    k, end = 0, len(later)
    while k < end:
        if unsafe[k]:
            f = first[k]
            r = bisect_left(runs, f, key=position)  # runs[r - 1]: the last run starting before f
            if r:
                # its last repeat (all of a run lies before f: a first occurrence is no later position)
                last = later[runs[r - 1]] + (counts[r - 1] - 1) * n
                if f < last + n and classes[k] not in visited:
                    visited.add(classes[k])  # not a repeat: remembered, and the walk moves on by one
                    k += 1
                    continue
        count = (stop[k] - k - 1) // n + 1
        runs.append(k)
        counts.append(count)
        k = jump[k + (count - 1) * n]
    return runs, counts


class NGramIndex:
    """The measures of one document's words (a list of strings), for tests and small callers."""

    def __init__(self, words: list[str]):
        ids: dict[str, int] = {}
        keys = np.array([ids.setdefault(w, len(ids)) for w in words], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        new_word = np.ones(len(keys), dtype=bool)
        new_word[1:] = keys[order][1:] != keys[order][:-1]
        lengths = np.array([len(w) for w in words], dtype=np.int64)
        self._words = WordSequence(
            order, new_word, np.array([0, len(words)]), np.zeros(len(words), np.int64), lengths
        )

    def top_duplicate_chars(self, n: int) -> int:
        """= datatrove find_top_duplicate(get_n_grams(words, n)); 0 with fewer than n words."""
        return int(repetition(self._words, (n,), ()).top[n][0])

    def all_duplicate_chars(self, n: int) -> int:
        """= datatrove find_all_duplicate(words, n), n-grams compared as word tuples."""
        return int(repetition(self._words, (), (n,)).dup[n][0])
