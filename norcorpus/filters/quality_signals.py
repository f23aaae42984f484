"""Quality signals of one document (Gopher quality + repetition, FineWeb, C4), computed, never decided.

The formulas are datatrove's filters' (their helpers are reused, or matched exactly and faster), split from
the decisions so the build can store every signal once and let each version's thresholds decide.
Words come from `split_words` (a regex), not datatrove's spaCy tokenizer.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
from datatrove.pipeline.filters.gopher_repetition_filter import find_duplicates
from datatrove.utils.text import PUNCTUATION_SET, TERMINAL_PUNCTUATION

from norcorpus.filters.ngrams import NGramIndex
from norcorpus.filters.stopwords import stop_words_for
from norcorpus.filters.words import split_words

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

_PARAGRAPHS = re.compile(r"\n{2,}")
# a cheap C screen for "has a letter" (it also lets through numerals such as ¼, so isalpha confirms)
_HAS_LETTER = re.compile(r"[^\W\d_]").search


def _has_letter(word: str) -> bool:
    match = _HAS_LETTER(word)
    return match is not None and (match.group().isalpha() or any(c.isalpha() for c in word))


_LINES = re.compile(r"\n+")


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def quality_signals(text: str, lang: str | None = None) -> dict[str, Any]:
    """Every signal of QUALITY_STRUCT for `text` (a document in `lang`, for the stop words)."""
    words = split_words(text)
    n_tokens = len(words)
    # a token is a \w run or one other character (split_words), so only its first character decides
    # whether it is all punctuation, except for runs of '_' (a \w character that is punctuation)
    content = [w for w in words if w[0] not in PUNCTUATION_SET or any(ch not in PUNCTUATION_SET for ch in w)]
    n_words = len(content)
    n_chars = len(text)
    lines = text.splitlines()
    out: dict[str, Any] = {
        "words": n_words,
        "mean_word_length": _ratio(sum(map(len, content)), n_words),
        "hash_ratio": _ratio(text.count("#"), n_tokens),
        "ellipsis_ratio": _ratio(text.count("...") + text.count("…"), n_tokens),
        "bullet_lines": _ratio(sum(s.lstrip().startswith(("•", "-")) for s in lines), len(lines)),
        "ellipsis_lines": _ratio(sum(s.rstrip().endswith(("...", "…")) for s in lines), len(lines)),
        "alpha_words": _ratio(sum(1 for w in words if _has_letter(w)), n_tokens),
        "stop_words": len(stop_words_for(lang).intersection(w.lower() for w in content)),
    }
    paragraphs = _PARAGRAPHS.split(text.strip())
    dup_paras, dup_para_chars = find_duplicates(paragraphs)
    out["dup_para_frac"] = _ratio(dup_paras, len(paragraphs))
    out["dup_para_char_frac"] = _ratio(dup_para_chars, n_chars)
    split_lines = _LINES.split(text)
    dup_lines, dup_line_chars = find_duplicates(split_lines)
    out["dup_line_frac"] = _ratio(dup_lines, len(split_lines))
    out["dup_line_char_frac"] = _ratio(dup_line_chars, n_chars)
    index = NGramIndex(words)
    for n in TOP_N_GRAMS:
        out[f"top_{n}_gram"] = _ratio(index.top_duplicate_chars(n), n_chars)
    for n in DUP_N_GRAMS:
        out[f"dup_{n}_gram"] = _ratio(index.all_duplicate_chars(n), n_chars)
    nonblank = [line for line in text.split("\n") if line.strip()]
    out["line_punct_ratio"] = _ratio(
        sum(line.endswith(tuple(TERMINAL_PUNCTUATION)) for line in nonblank), len(nonblank)
    )
    out["short_line_ratio"] = _ratio(sum(len(line) <= SHORT_LINE_CHARS for line in nonblank), len(nonblank))
    out["char_dup_ratio"] = _ratio(find_duplicates(nonblank)[1], len(text.replace("\n", "")))
    out["list_ratio"] = _ratio(text.count("\n"), n_tokens)
    lowered = text.lower()
    out["lorem_ipsum"] = "lorem ipsum" in lowered
    out["curly_bracket"] = "{" in text
    return out
