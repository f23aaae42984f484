"""Quality signals of one document (Gopher quality + repetition, FineWeb, C4), computed, never decided.

The formulas are datatrove's filters' (matched exactly, and faster), split from the decisions so the
build can store every signal once and let each version's thresholds decide. Words come from `split_words`
(a regex), not datatrove's spaCy tokenizer. `tests/test_filters_quality_reference.py` holds a plain
reference implementation of every signal; the values here must stay equal to it, bit for bit, because
built corpora store them and the versions' thresholds were tuned on them.

Speed: documents are processed in batches. Word signals and n-gram repetition run on all tokens of the
batch at once with numpy (`words.tokenize`, `ngrams.repetition`); line and paragraph signals use C-level
str methods per document (one `split`, `set`s of lines), never a Python step per word.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import numpy as np
import pyarrow as pa
from datatrove.utils.text import TERMINAL_PUNCTUATION

from norcorpus.filters.ngrams import WordSequence, repetition, running_count
from norcorpus.filters.stopwords import STOP_MAX_CHARS, stop_words_for
from norcorpus.filters.words import (
    ALPHA,
    CONTENT,
    LINE_BREAKS,
    LONG,
    LOWER_CODES,
    NOT_STOP,
    P,
    Tokens,
    char_code,
    code_key,
    tokenize,
)

TOP_N_GRAMS = (2, 3, 4)
DUP_N_GRAMS = (5, 6, 7, 8, 9, 10)
SHORT_LINE_CHARS = 30  # FineWeb's short_line_length

_f, _i, _b = pa.float64(), pa.int32(), pa.bool_()
# The `quality` struct column: one field per signal.
QUALITY_STRUCT = pa.struct(
    [
        ("words", _i),  # words with at least one non-punctuation character (Gopher's n_non_symbol_words)
        ("mean_word_length", _f),
        ("hash_ratio", _f),  # '#' per word
        ("ellipsis_ratio", _f),  # '...' and '…' per word
        ("bullet_lines", _f),  # share of lines starting with • or -
        ("ellipsis_lines", _f),  # share of lines ending with an ellipsis
        ("alpha_words", _f),  # share of tokens with an alphabetic character
        ("stop_words", _i),  # distinct stop words of the document's language
        ("dup_para_frac", _f),
        ("dup_para_char_frac", _f),
        ("dup_line_frac", _f),
        ("dup_line_char_frac", _f),
        *[(f"top_{n}_gram", _f) for n in TOP_N_GRAMS],
        *[(f"dup_{n}_gram", _f) for n in DUP_N_GRAMS],
        ("line_punct_ratio", _f),  # FineWeb: share of lines ending in terminal punctuation
        ("short_line_ratio", _f),  # FineWeb: share of lines of at most 30 characters
        ("char_dup_ratio", _f),  # FineWeb: characters in duplicated lines / characters
        ("list_ratio", _f),  # FineWeb: newlines per word
        ("lorem_ipsum", _b),  # C4
        ("curly_bracket", _b),  # C4
    ]
)
QUALITY_FIELDS = tuple(field.name for field in QUALITY_STRUCT)

_BULLETS = ("•", "-")
_ELLIPSES = ("...", "…")
# every entry is one character, so `line.endswith(tuple(TERMINAL_PUNCTUATION))` is a test of line[-1]
assert all(len(p) == 1 for p in TERMINAL_PUNCTUATION)
_TERMINAL = frozenset(TERMINAL_PUNCTUATION)
_last_char = itemgetter(-1)


def quality_signals(text: str, lang: str | None = None) -> dict[str, Any]:
    """Every signal of QUALITY_STRUCT for `text` (a document in `lang`, for the stop words)."""
    return quality_signals_batch([text], [lang])[0]


def quality_signals_batch(texts: Sequence[str], langs: Sequence[str | None]) -> list[dict[str, Any]]:
    """`quality_signals` of each text; many at once are much faster than one by one."""
    if len(texts) != len(langs):
        raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
    if not texts:
        return []
    tokens = tokenize(texts)
    columns: dict[str, list[Any]] = _word_signals(tokens, langs)
    columns.update(_text_signals(texts, _other_line_breaks(tokens)))
    columns["lorem_ipsum"] = _lorem_ipsum(tokens).tolist()
    n_tokens = np.diff(tokens.doc_tokens).astype(np.float64)
    n_chars = np.array([len(t) for t in texts], dtype=np.float64)
    for name, part, whole in (
        ("hash_ratio", columns.pop("hashes"), n_tokens),
        ("ellipsis_ratio", columns.pop("ellipses"), n_tokens),
        ("list_ratio", columns.pop("newlines"), n_tokens),
    ):
        columns[name] = _ratios(np.array(part, dtype=np.float64), whole)
    rep = repetition(
        WordSequence(tokens.order, tokens.new_doc_word, tokens.doc_tokens, tokens.doc_of, tokens.lengths),
        TOP_N_GRAMS,
        DUP_N_GRAMS,
    )
    for n in TOP_N_GRAMS:
        columns[f"top_{n}_gram"] = _ratios(rep.top[n].astype(np.float64), n_chars)
    for n in DUP_N_GRAMS:
        columns[f"dup_{n}_gram"] = _ratios(rep.dup[n].astype(np.float64), n_chars)
    ordered = [columns[name] for name in QUALITY_FIELDS]
    return [dict(zip(QUALITY_FIELDS, row, strict=True)) for row in zip(*ordered, strict=True)]


def _ratios(part: np.ndarray, whole: np.ndarray) -> list[float]:
    """part / whole, 0.0 where whole is 0. Both hold integers below 2**53, so each quotient is the
    correctly rounded one, as Python's int / int gives."""
    out = np.zeros(len(part), dtype=np.float64)
    np.divide(part, whole, out=out, where=whole != 0)
    return out.tolist()


def _per_doc(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sums of `values` over each document's tokens."""
    cum = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=cum[1:])
    return cum[bounds[1:]] - cum[bounds[:-1]]


def _word_signals(tokens: Tokens, langs: Sequence[str | None]) -> dict[str, list[Any]]:
    bounds = tokens.doc_tokens
    content = (tokens.flags & CONTENT) != 0
    lengths = tokens.lengths
    n_words = _per_doc(content, bounds)
    n_tokens = np.diff(bounds)
    return {
        "words": n_words.tolist(),
        "mean_word_length": _ratios(
            _per_doc(lengths * content, bounds).astype(np.float64), n_words.astype(np.float64)
        ),
        "alpha_words": _ratios(
            _per_doc((tokens.flags & ALPHA) != 0, bounds).astype(np.float64), n_tokens.astype(np.float64)
        ),
        "stop_words": _stop_words(tokens, langs).tolist(),
    }


def _stop_words(tokens: Tokens, langs: Sequence[str | None]) -> np.ndarray:
    """Per document: distinct lowered content words in its language's stop words.

    Each distinct word of the batch that could be a stop word (content, short, every letter lowering to
    a stop-word letter) is lowered through LOWER_CODES, a byte at a time, and looked up among the stop
    words' code integers; words with an uncoded character (rare: the Kelvin sign K lowers to k) are
    lowered by Python. Then each (document, stop word) is counted once."""
    n_docs = len(tokens.doc_tokens) - 1
    order, new_word = tokens.order, tokens.new_word
    if not len(order):
        return np.zeros(n_docs, dtype=np.int64)
    lists = {lang: stop_words_for(lang) for lang in set(langs)}
    vocabulary, keys, by_key = _stop_table(tuple(sorted(set().union(*lists.values()))))
    reps = np.compress(new_word, order)  # one token of each distinct word
    flags = tokens.flags[reps]
    maybe = ((flags & CONTENT) != 0) & ((flags & NOT_STOP) == 0) & (tokens.lengths[reps] <= STOP_MAX_CHARS)
    stop_of_word = np.full(len(reps), -1, dtype=np.int64)
    coded = np.flatnonzero(maybe & ((flags & LONG) == 0))
    lowered = LOWER_CODES.take(tokens.head_codes[reps[coded]].view(np.uint8)).view(np.uint64)
    at = np.minimum(np.searchsorted(keys, lowered), len(keys) - 1)
    found = keys[at] == lowered
    stop_of_word[coded[found]] = by_key[at[found]]
    uncoded = np.flatnonzero(maybe & ((flags & LONG) != 0))
    if len(uncoded):
        index = {word: i for i, word in enumerate(vocabulary)}
        text, starts, ends = (
            tokens.text,
            tokens.starts[reps[uncoded]].tolist(),
            tokens.ends[reps[uncoded]].tolist(),
        )
        stop_of_word[uncoded] = [index.get(text[s:e].lower(), -1) for s, e in zip(starts, ends, strict=True)]
    # each (document, word) once: where the sorted tokens start a new word or a new document
    starts = np.flatnonzero(tokens.new_doc_word)
    stops = stop_of_word[running_count(new_word)[starts] - 1]
    hit = stops >= 0
    present = np.zeros((n_docs, len(vocabulary)), dtype=bool)  # case variants lower alike: set, not add
    present[tokens.doc_of[order[starts[hit]]], stops[hit]] = True
    allowed = {lang: np.array([word in words for word in vocabulary]) for lang, words in lists.items()}
    present &= np.array([allowed[lang] for lang in langs])
    return np.count_nonzero(present, axis=1)


@cache
def _stop_table(vocabulary: tuple[str, ...]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The stop words, their code integers sorted, and the word of each sorted integer."""
    keys = np.array([code_key(word) for word in vocabulary], dtype=np.uint64)
    by_key = np.argsort(keys)
    return vocabulary, keys[by_key], by_key


def _other_line_breaks(tokens: Tokens) -> set[int]:
    """Documents where str.splitlines splits at more than "\n" (their line breaks have codes 1-9)."""
    n = len(tokens.text)
    breaks = np.flatnonzero((tokens.char_codes[:n] - np.uint8(1)) < len(LINE_BREAKS))
    return set(np.unique(np.searchsorted(tokens.doc_chars, breaks, side="right") - 1).tolist())


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _text_signals(texts: Sequence[str], other_breaks: set[int]) -> dict[str, list[Any]]:
    """Signals of lines, paragraphs and characters, per document, with C-level str methods only.
    `other_breaks`: the documents with line breaks other than "\n"."""
    names = (
        "hashes", "ellipses", "newlines", "bullet_lines", "ellipsis_lines", "dup_para_frac",
        "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac", "line_punct_ratio", "short_line_ratio",
        "char_dup_ratio", "curly_bracket",
    )  # fmt: skip
    rows = []
    for i, text in enumerate(texts):
        n_chars = len(text)
        ellipses = text.count("...") + text.count("…")
        pieces = text.split("\n")
        newlines = len(pieces) - 1
        # Gopher: lines of str.splitlines (with no other line break, the pieces but a last empty one)
        if i in other_breaks:
            lines = text.splitlines()
        else:
            lines = pieces[:-1] if pieces[-1] == "" else pieces
        n_lines = len(lines)
        bullets = (
            sum(map(str.startswith, map(str.lstrip, lines), repeat(_BULLETS)))
            if "-" in text or "•" in text
            else 0
        )
        ellipsis_lines = sum(map(str.endswith, map(str.rstrip, lines), repeat(_ELLIPSES))) if ellipses else 0
        # Gopher: lines split at runs of newlines (re.split(r"\n+", text): "" only at either end, if any)
        filled = list(filter(None, pieces))
        ends = (pieces[0] == "") + (len(pieces) > 1 and pieces[-1] == "")
        distinct = set(filled)
        filled_chars = sum(map(len, filled))
        dup_line_chars = filled_chars - sum(map(len, distinct))
        dup_lines = len(filled) + ends - len(distinct) - (ends > 0)
        # Gopher: paragraphs split at runs of 2+ newlines (re.split(r"\n{2,}", text.strip())). A paragraph
        # is its non-empty lines joined by "\n", so one that repeats repeats its lines: with no repeated
        # line, and nothing for strip() to change at either end, no paragraph repeats.
        stripped = text.strip()
        if "\n\n" not in stripped or (len(distinct) == len(filled) and len(stripped) == n_chars):
            dup_paras = dup_para_chars = 0
            n_paras = 1  # (any count: the ratios are 0.0)
        else:
            paragraphs = stripped.split("\n\n")
            if "\n\n\n" in stripped:  # a run of 3+ newlines leaves its extra newlines in front of a piece
                paragraphs = list(filter(None, map(str.lstrip, paragraphs, repeat("\n"))))
            distinct_paragraphs = set(paragraphs)
            n_paras = len(paragraphs)
            dup_paras = n_paras - len(distinct_paragraphs)
            dup_para_chars = sum(map(len, paragraphs)) - sum(map(len, distinct_paragraphs))
        # FineWeb: non-blank lines of text.split("\n") (often all of the non-empty ones)
        nonblank = list(compress(filled, map(str.strip, filled)))
        if len(nonblank) == len(filled):
            nonblank_dup_chars = dup_line_chars
        else:
            nonblank_dup_chars = sum(map(len, nonblank)) - sum(map(len, set(nonblank)))
        n_nonblank = len(nonblank)
        rows.append(
            (
                text.count("#"),
                ellipses,
                newlines,
                _ratio(bullets, n_lines),
                _ratio(ellipsis_lines, n_lines),
                _ratio(dup_paras, n_paras),
                _ratio(dup_para_chars, n_chars),
                _ratio(dup_lines, len(filled) + ends),
                _ratio(dup_line_chars, n_chars),
                _ratio(sum(map(_TERMINAL.__contains__, map(_last_char, nonblank))), n_nonblank),
                _ratio(sum(map(SHORT_LINE_CHARS.__ge__, map(len, nonblank))), n_nonblank),
                _ratio(nonblank_dup_chars, n_chars - newlines),
                "{" in text,
            )
        )
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


_LOREM = "lorem ipsum"


def _lorem_ipsum(tokens: Tokens) -> np.ndarray:
    """Per document: "lorem ipsum" in text.lower(). Only ASCII letters lower to the phrase's letters and
    only " " to its space (İ lowers to "i" + U+0307, which never continues it; see the tests), so the
    phrase is where each character is the letter in either case: checked around every 'p' or 'P'."""
    n_docs = len(tokens.doc_chars) - 1
    at = _LOREM.index("p")
    n = len(tokens.text)
    ps = np.flatnonzero(tokens.char_flags[:n] >= P)  # P is the top bit
    ps = ps[(ps >= at) & (ps + len(_LOREM) - at <= n)]
    for k, char in enumerate(_LOREM):
        if k != at and len(ps):
            codes = tokens.char_codes[ps + (k - at)]
            ps = ps[(codes == char_code(char.lower())) | (codes == char_code(char.upper()))]
    found = np.zeros(n_docs, dtype=bool)
    found[np.searchsorted(tokens.doc_chars, ps, side="right") - 1] = True
    return found
