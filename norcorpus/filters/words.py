"""A fast, language-agnostic word tokenizer for quality signals (datatrove's spaCy path: 0.35 MB/s).

Words are runs of letters/digits joined by inner hyphens or apostrophes ("e-post", "dáhpáhus", "17.
mai" gives "17" and "mai"); every other non-space character is a token of its own, as in datatrove's
`split_into_words`, so the Gopher/FineWeb ratios keep their meaning.

`split_words` (one regex) is the definition. `tokenize` finds the same tokens for a whole batch of
documents with numpy and no Python object per token, because the regex alone runs at 17 MB/s and the
quality signals must run faster than that: every code point is looked up in a table (which `re` itself
fills in, so `\\w` and `\\s` mean exactly what they mean to the regex), token boundaries are where the
class changes, and each token gets an integer key that is equal exactly when the words are equal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
from datatrove.utils.text import PUNCTUATION_SET

from norcorpus.filters.stopwords import STOP_LETTERS

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
JOINERS = "-'’"  # join two \w runs into one word when between them


def split_words(text: str) -> list[str]:
    return _TOKEN.findall(text)


# -- a table of every code point ----------------------------------------------------------------------------
# Flag bits. A token's flags are the OR over its characters.
WORD = 1  # \w
JOIN = 2  # one of JOINERS
ALPHA = 4  # str.isalpha
CONTENT = 8  # neither whitespace nor in datatrove's PUNCTUATION_SET (a token with one is a "word")
SPACE = 16  # \s
LONG = 32  # no one-byte code below: a token with one gets its key from Python
NOT_STOP = 64  # lower() is not one letter of a stop word: a token with one is no stop word
P = 128  # 'p' or 'P' (where to look for "lorem ipsum")

# Characters with a one-byte code (1..254), so that 8 of them make one 64-bit integer (see _number_words).
# Norwegian and Sámi text is almost all of these; any other character makes its token go the slow way.
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines splits, besides "\n"
_CODED = (
    LINE_BREAKS  # codes 1-9 (whitespace is never in a token: these codes only find line breaks)
    + " "
    + "".join(map(chr, range(0x21, 0x7F)))
    + "".join(map(chr, range(0xA1, 0x100)))
    + "ČčĐđŊŋŠšŦŧŽž–—‘’‚“”„…•€‐"
    + "".join(map(chr, range(0x100, 0x180)))
)
_CODED = "".join(dict.fromkeys(_CODED))[:254]
_N_CODES = 0x110000
# Above this, every code point is unassigned, private use, a tag or a variation selector: none is \w, \s,
# a letter or has a case, so the table is computed below it only (building it over all of Unicode cost
# every process ~0.7 s); tests/test_filters_quality_reference.py checks the result over all of Unicode.
SCANNED_CODES = 0x40000


def char_code(char: str) -> int:
    """The one-byte code of `char` (0: none)."""
    return _CODED.find(char) + 1


assert [char_code(c) for c in LINE_BREAKS] == list(range(1, len(LINE_BREAKS) + 1))

# code -> code of its lower(), where that is one coded character (else 255, which no code is)
LOWER_CODES = np.array(
    [0]
    + [char_code(c.lower()) if len(c.lower()) == 1 and char_code(c.lower()) else 255 for c in _CODED]
    + [255] * (255 - len(_CODED)),
    dtype=np.uint8,
)


def code_key(word: str) -> int | None:
    """The `head_codes` integer of a word of up to 8 coded characters (None for any other word)."""
    codes = [char_code(c) for c in word]
    if len(codes) > 8 or not all(codes):
        return None
    return int.from_bytes(bytes(codes), "little")


@cache
def char_tables() -> tuple[np.ndarray, np.ndarray]:
    """(flags, codes): uint8 arrays indexed by code point. Built once per process (~0.15 s)."""
    return _char_tables(SCANNED_CODES)


def _char_tables(scanned: int) -> tuple[np.ndarray, np.ndarray]:
    """char_tables with the character properties looked up below `scanned` (see SCANNED_CODES)."""
    chars = "".join(map(chr, range(scanned)))
    flags = np.zeros(_N_CODES, dtype=np.uint8)
    for pattern, bit in ((r"\w+", WORD), (r"\s+", SPACE)):
        for match in re.finditer(pattern, chars):
            flags[match.start() : match.end()] |= bit
    flags[:scanned][np.fromiter(map(str.isalpha, chars), dtype=bool, count=scanned)] |= ALPHA
    space = (flags & SPACE) != 0
    punct = np.zeros(_N_CODES, dtype=bool)
    punct[[ord(c) for c in PUNCTUATION_SET]] = True
    flags[~punct & ~space] |= CONTENT
    flags[[ord(c) for c in JOINERS]] |= JOIN
    flags[[ord("p"), ord("P")]] |= P
    codes = np.zeros(_N_CODES, dtype=np.uint8)
    codes[[ord(c) for c in _CODED]] = np.arange(1, len(_CODED) + 1)
    flags[(codes == 0) & ~space] |= LONG
    # lower() of a string is the lower() of its characters (the final-sigma rule gives no stop letter)
    stop_ok = np.zeros(_N_CODES, dtype=bool)
    stop_ok[:scanned] = np.fromiter(
        (len(low) == 1 and low in STOP_LETTERS for low in map(str.lower, chars)), dtype=bool, count=scanned
    )
    flags[~stop_ok & ~space] |= NOT_STOP
    return flags, codes


# -- tokens of a batch ---------------------------------------------------------------------------------------
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_MARK = np.uint64(0xFF << 56)  # a top byte that no code integer has: codes are at most 254
SEPARATOR = "\n"  # between the texts of a batch: whitespace, so never in a token


@dataclass
class Tokens:
    """The tokens of texts joined by SEPARATOR (`text`); token i is text[starts[i]:ends[i]].

    Words are numbered: `order` lists the tokens by word, and by position within a word, and
    `new_word[k]` says that token order[k] is not the word of order[k - 1].
    """

    text: str
    doc_chars: np.ndarray  # D + 1 offsets of the documents in `text` (the last: len(text) + 1)
    doc_tokens: np.ndarray  # D + 1 offsets of the documents' tokens
    starts: np.ndarray
    ends: np.ndarray
    flags: np.ndarray  # uint8: OR of the flags of each token's characters
    order: np.ndarray
    new_word: np.ndarray
    char_flags: np.ndarray  # uint8 per character of `text` (then 16 zeros)
    char_codes: np.ndarray  # uint8 per character of `text` (then 16 zeros)
    head_codes: np.ndarray  # uint64 per token: the codes of its first 8 characters (a byte each, then 0s)

    @cached_property
    def lengths(self) -> np.ndarray:
        return self.ends - self.starts

    @cached_property
    def doc_of(self) -> np.ndarray:
        """The document of each token."""
        return np.repeat(np.arange(len(self.doc_tokens) - 1), np.diff(self.doc_tokens))

    @cached_property
    def new_doc_word(self) -> np.ndarray:
        """new_doc_word[k]: token order[k] is another word, or in another document, than order[k - 1]."""
        in_doc = self.doc_of[self.order]
        out = self.new_word.copy()
        out[1:] |= in_doc[1:] != in_doc[:-1]
        return out


def _windows(chars: np.ndarray) -> np.ndarray:
    """windows[i] = the 8 bytes chars[i:i + 8] as one little-endian integer (a view: no copy)."""
    strided = np.lib.stride_tricks.as_strided(chars, shape=(len(chars) - 7, 8), strides=(1, 1))
    return strided.view(np.uint64)[:, 0]


def tokenize(texts: Sequence[str]) -> Tokens:
    """The tokens of `split_words(text)` for every text, with exact word numbers (see `Tokens`)."""
    flags_of, codes_of = char_tables()
    text = SEPARATOR.join(texts)
    n = len(text)
    doc_chars = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=doc_chars[1:])
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    char_flags = np.zeros(n + 16, dtype=np.uint8)  # the padding lets 16-character windows read past the end
    char_codes = np.zeros(n + 16, dtype=np.uint8)
    # mode="clip" (code points are always in range): the default mode="raise" buffers `out`, much slower
    flags_of.take(cp, out=char_flags[:n], mode="clip")
    codes_of.take(cp, out=char_codes[:n], mode="clip")
    f = char_flags[:n]
    word = (f & WORD).view(bool)
    single = (f & (WORD | SPACE)) == 0  # every non-space character outside words is a token of its own
    # a joiner between two \w characters is part of the word (the regex's (?:[-'’]\w+)*)
    joiners = np.flatnonzero((f & JOIN) != 0)  # (flatnonzero is fast on bools only)
    joiners = joiners[(joiners > 0) & (joiners < n - 1)]
    inner = joiners[word[joiners - 1] & word[joiners + 1]]
    if len(inner):
        word = word.copy()
        word[inner] = True
        single[inner] = False
    edge = np.zeros(n + 1, dtype=bool)  # edge[i]: word[i] differs from word[i - 1]
    if n:
        edge[0], edge[-1] = word[0], word[-1]
        np.not_equal(word[1:], word[:-1], out=edge[1:-1])
    starts = np.flatnonzero((edge[:-1] & word) | single)
    ends = np.flatnonzero((edge[1:] & word) | single) + 1
    doc_tokens = np.searchsorted(starts, doc_chars)
    flags, order, new_word, head_codes = _number_words(text, char_flags, char_codes, starts, ends)
    return Tokens(
        text, doc_chars, doc_tokens, starts, ends, flags, order, new_word, char_flags, char_codes, head_codes
    )


_PARTS = 4  # 8 characters each: tokens of up to 32 coded characters are numbered by numpy
_MIX = [
    np.uint64(c) for c in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)
]


def _number_words(
    text: str, char_flags: np.ndarray, char_codes: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Token flags, the tokens sorted by word (then position), and the codes of their first 8 characters.

    Each token is 4 integers, equal exactly when the tokens are: its coded characters a byte each, 8 to
    an integer, then zeros. A token that is longer or has an uncoded character is numbered by a Python
    dict instead, in its first integer, marked with a top byte no code can make. The integers are hashed
    into one, sorted together with the position, and neighbours with equal hashes are checked to be the
    same word (a hash collision falls back to sorting the integers themselves)."""
    m = len(starts)
    if not m:
        return (
            np.zeros(0, dtype=np.uint8),
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=bool),
            np.zeros(0, np.uint64),
        )
    lengths = ends - starts
    flag_windows, code_windows = _windows(char_flags), _windows(char_codes)
    head = _MASKS.take(np.minimum(lengths, 8))
    flag_bytes = flag_windows[starts] & head
    parts = [code_windows[starts] & head]
    used = np.ones(m, dtype=np.uint8)  # integers a token uses: 1 + those beyond its first 8 characters
    rest = []  # for parts 1..: the tokens long enough to have one
    for part in range(1, _PARTS):
        some = np.flatnonzero(lengths > 8) if part == 1 else rest[-1][lengths[rest[-1]] > 8 * part]
        rest.append(some)
        used[some] += 1
        at = starts[some] + 8 * part
        tail = _MASKS.take(np.minimum(lengths[some] - 8 * part, 8))
        flag_bytes[some] |= flag_windows[at] & tail
        values = np.empty(m, dtype=np.uint64)  # only read where `used` says so
        values[some] = code_windows[at] & tail
        parts.append(values)
    for shift in (32, 16, 8):  # OR the 8 bytes together
        flag_bytes |= flag_bytes >> np.uint64(shift)
    flags = flag_bytes.astype(np.uint8)
    longer = rest[-1][lengths[rest[-1]] > 8 * _PARTS]
    if len(longer):
        bounds = np.empty(2 * len(longer), dtype=np.int64)
        bounds[0::2], bounds[1::2] = starts[longer], ends[longer]
        flags[longer] = np.bitwise_or.reduceat(char_flags, bounds)[0::2]
    in_python = (flags & LONG) != 0
    in_python[longer] = True
    python = np.flatnonzero(in_python)
    head_codes = parts[0]
    if len(python):
        parts[0] = head_codes.copy()
        parts[0][python] = _python_keys(text, starts[python], ends[python])
        used[python] = 1
    # the top bits of a product depend on all bits of the integers: they are the hash
    with np.errstate(over="ignore"):
        mixed = parts[0] * _MIX[0]
        for part, some in enumerate(rest, start=1):
            some = some[used[some] > part]  # not the Python-numbered ones
            mixed[some] += parts[part][some] * _MIX[part]
    bits = max(1, (m - 1).bit_length())
    if 3 * bits + 10 <= 64:  # hash and position in one integer: a plain sort (collisions stay rare)
        low = np.uint64((1 << bits) - 1)
        mixed &= ~low
        mixed |= np.arange(m, dtype=np.uint64)
        mixed.sort()
        order = (mixed & low).view(np.int64)
        hashes = mixed >> np.uint64(bits)
    else:  # a very large batch: the whole hash, in a stable sort
        order = np.argsort(mixed, kind="stable")
        hashes = mixed[order]
    new_word = np.empty(m, dtype=bool)
    new_word[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=new_word[1:])
    # neighbours with equal hashes must be equal words: the same number of integers, the same integers
    same = ~new_word[1:]
    used_in_order = used[order]
    first = parts[0][order]
    ok = not (same & ((first[1:] != first[:-1]) | (used_in_order[1:] != used_in_order[:-1]))).any()
    for part in range(1, _PARTS):
        if not ok:
            break
        pairs = np.flatnonzero(same & (used_in_order[1:] > part))
        ok = bool((parts[part][order[pairs]] == parts[part][order[pairs + 1]]).all())
    if not ok:  # two words share a hash (about once in thousands of batches): sort the integers themselves
        for part, values in enumerate(parts[1:], start=1):
            values[used <= part] = 0
        order = np.lexsort((np.arange(m), *reversed(parts)))
        new_word[1:] = np.any([values[order][1:] != values[order][:-1] for values in parts], axis=0)
    return flags, order, new_word, head_codes


def _python_keys(text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    ids: dict[str, int] = {}
    numbers = [
        ids.setdefault(text[s:e], len(ids)) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    return np.array(numbers, dtype=np.uint64) | _MARK
