"""The fast quality signals equal a slow, plain-Python reference written from datatrove's definitions.

The signals are stored in built corpora and the versions' thresholds are tuned on them, so a faster
implementation must give the same values, bit for bit. The reference below follows datatrove's Gopher
quality / repetition, FineWeb and C4 filters with straightforward loops; its words are `split_words`
(the tokenizer's definition). One deliberate difference from datatrove, kept from norcorpus' first
implementation: n-grams are compared as word tuples, while datatrove's `find_all_duplicate` compares
`"".join(words)` strings (so ["ab", "c"] and ["a", "bc"] collide there, not here).
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from datatrove.data import Document
from datatrove.utils.text import PUNCTUATION_SET, TERMINAL_PUNCTUATION
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.filters import ngrams, words
from norcorpus.filters.quality_signals import QUALITY_FIELDS, quality_signals, quality_signals_batch
from norcorpus.filters.quality_tagger import QualityTagger
from norcorpus.filters.stopwords import stop_words_for
from norcorpus.filters.words import split_words, tokenize

# -- the reference --------------------------------------------------------------------------------------


def _find_duplicates(elements: list[str]) -> tuple[int, int]:
    """datatrove's gopher_repetition_filter.find_duplicates: repeated elements and their characters."""
    seen: set[str] = set()
    count = chars = 0
    for element in elements:
        if element in seen:
            count += 1
            chars += len(element)
        else:
            seen.add(element)
    return count, chars


def _top_duplicate(words: list[str], n: int) -> int:
    """datatrove's find_top_duplicate(get_n_grams(words, n)): the commonest n-gram (the first seen on
    ties, as Counter.most_common keeps insertion order), its length joined by spaces, times its count."""
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0
    gram, count = Counter(grams).most_common(1)[0]
    return len(" ".join(gram)) * count


def _all_duplicate(words: list[str], n: int) -> int:
    """datatrove's find_all_duplicate: walk the n-grams; a repeat adds its characters and skips n words."""
    seen: set[tuple[str, ...]] = set()
    repeated = idx = 0
    while idx < len(words) - n + 1:
        gram = tuple(words[idx : idx + n])
        if gram in seen:
            repeated += len("".join(gram))
            idx += n
        else:
            seen.add(gram)
            idx += 1
    return repeated


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def reference_signals(text: str, lang: str | None) -> dict[str, object]:
    words = split_words(text)
    content = [w for w in words if any(ch not in PUNCTUATION_SET for ch in w)]
    lines = text.splitlines()
    out: dict[str, object] = {
        "words": len(content),
        "mean_word_length": _ratio(sum(len(w) for w in content), len(content)),
        "hash_ratio": _ratio(text.count("#"), len(words)),
        "ellipsis_ratio": _ratio(text.count("...") + text.count("…"), len(words)),
        "bullet_lines": _ratio(
            sum(1 for s in lines if s.lstrip().startswith("•") or s.lstrip().startswith("-")), len(lines)
        ),
        "ellipsis_lines": _ratio(
            sum(1 for s in lines if s.rstrip().endswith("...") or s.rstrip().endswith("…")), len(lines)
        ),
        "alpha_words": _ratio(sum(1 for w in words if any(c.isalpha() for c in w)), len(words)),
        "stop_words": len(stop_words_for(lang) & {w.lower() for w in content}),
    }
    paragraphs = re.split(r"\n{2,}", text.strip())
    dup, dup_chars = _find_duplicates(paragraphs)
    out["dup_para_frac"] = _ratio(dup, len(paragraphs))
    out["dup_para_char_frac"] = _ratio(dup_chars, len(text))
    split_lines = re.split(r"\n+", text)
    dup, dup_chars = _find_duplicates(split_lines)
    out["dup_line_frac"] = _ratio(dup, len(split_lines))
    out["dup_line_char_frac"] = _ratio(dup_chars, len(text))
    for n in (2, 3, 4):
        out[f"top_{n}_gram"] = _ratio(_top_duplicate(words, n), len(text))
    for n in range(5, 11):
        out[f"dup_{n}_gram"] = _ratio(_all_duplicate(words, n), len(text))
    nonblank = [line for line in text.split("\n") if line.strip() != ""]
    out["line_punct_ratio"] = _ratio(
        sum(1 for line in nonblank if line.endswith(tuple(TERMINAL_PUNCTUATION))), len(nonblank)
    )
    out["short_line_ratio"] = _ratio(sum(1 for line in nonblank if len(line) <= 30), len(nonblank))
    out["char_dup_ratio"] = _ratio(_find_duplicates(nonblank)[1], len(text.replace("\n", "")))
    out["list_ratio"] = _ratio(text.count("\n"), len(words))
    out["lorem_ipsum"] = "lorem ipsum" in text.lower()
    out["curly_bracket"] = "{" in text
    return out


def _same(text: str, lang: str | None, got: dict[str, object]) -> None:
    want = reference_signals(text, lang)
    assert tuple(got) == QUALITY_FIELDS
    diff = {
        k: (got[k], want[k]) for k in QUALITY_FIELDS if got[k] != want[k] or type(got[k]) is not type(want[k])
    }
    assert not diff, f"{text[:200]!r}: {diff}"


# -- real documents -------------------------------------------------------------------------------------

_LANGS = ("nob", "nno", "sme", "nob-giellalt", "dan", "swe", "isl", "fao", "fin", "deu", "eng")


def _first_docs(path: Path, count: int, max_chars: int = 150_000) -> list[str]:
    out: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if len(text) <= max_chars:
                out.append(text)
            if len(out) == count:
                break
    return out


@pytest.fixture(scope="module")
def real_docs(shared_data: Path) -> list[tuple[str, str]]:
    docs = []
    for name in _LANGS:
        lang = name.split("-")[0]
        docs += [(text, lang) for text in _first_docs(shared_data / "lid" / "docs" / f"{name}.jsonl.gz", 25)]
    return docs


def test_real_documents_one_by_one(real_docs: list[tuple[str, str]]) -> None:
    for text, lang in real_docs:
        _same(text, lang, quality_signals(text, lang))


def test_real_documents_repeated_and_batched(real_docs: list[tuple[str, str]]) -> None:
    """Repetition at every scale (whole copies, repeated paragraphs and lines), in one batch with
    empty and blank texts between, so batching cannot leak counts from one document to the next."""
    texts, langs = [], []
    for i, (text, lang) in enumerate(real_docs[::3]):
        paras = text.split("\n")
        variants = [
            text,
            text + "\n\n" + text,
            "\n".join(p for p in paras for _ in range(1 + (len(p) % 3 == 0))),
            " ".join(text.split()[: 40 + i]) * 3,
        ]
        for v in variants:
            texts.append(v)
            langs.append(lang)
        texts += ["", " \n "]
        langs += [lang, None]
    got = quality_signals_batch(texts, langs)
    assert len(got) == len(texts)
    for text, lang, signals in zip(texts, langs, got, strict=True):
        _same(text, lang, signals)


# -- generated texts --------------------------------------------------------------------------------------

# tokens that stress each definition: joiners, '_' and '１' (word characters in PUNCTUATION_SET), letters
# whose lower() is special (İ, the Kelvin sign K, Å the Ångström sign), digits that are not decimal (²,
# ¼), a combining mark, an astral emoji, a lone surrogate, ellipses, bullets, '#', '{', Lorem ipsum
_PIECES = [
    "a", "b", "ab", "bb", "c", "og", "OG", "Og", "i", "İ", "det", "på", "PÅ", "p\u212b", "\u212aan", "kan",
    "e", "-", "post", "'", "’", "_", "__", "１", "…", "...", ".", "..", ",", "!", "?", "#", "{", "•", "¼",
    "²", "٣", "\u0307", "😀", "\ud800", "lorem", "ipsum", "LOREM IPSUM", "Lorem\u00a0ipsum", "dáhpáhus",
    "giella", "lea", "ja", "ΣΑΣ", "x1", "10:30", "Sametingsrådsmedlemmenes", "fullmaktskomiteens",
    "a" * 33, "b" * 40, "ŋŋŋŋŋŋŋŋŋŋŋŋŋŋŋŋŋ",
]  # fmt: skip
_SEPS = [" ", " ", " ", "", "\n", "\n\n", "\n\n\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f",
         "\x85", "\u2028", "\u2029", "\xa0", "  ", " \n ", "\n \n"]  # fmt: skip


@st.composite
def _texts(draw) -> str:
    vocab = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8, unique=True))
    seps = draw(st.lists(st.sampled_from(_SEPS), min_size=1, max_size=4, unique=True))
    size = draw(st.integers(0, 120))
    picks = draw(
        st.lists(st.tuples(st.sampled_from(vocab), st.sampled_from(seps)), min_size=size, max_size=size)
    )
    text = "".join(word + sep for word, sep in picks)
    copies = draw(st.integers(1, 3))
    return draw(st.sampled_from(["", " ", "\n"])) + text * copies


@settings(max_examples=400, deadline=None)
@given(_texts(), st.sampled_from(["nob", "nno", "sme", None, "eng"]))
def test_generated_texts(text: str, lang: str | None) -> None:
    _same(text, lang, quality_signals(text, lang))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_texts(), st.sampled_from(["nob", "sme", None])), max_size=8))
def test_generated_batches(docs: list[tuple[str, str | None]]) -> None:
    texts = [t for t, _ in docs]
    langs = [lang for _, lang in docs]
    for text, lang, signals in zip(texts, langs, quality_signals_batch(texts, langs), strict=True):
        _same(text, lang, signals)


@pytest.mark.parametrize(
    "text",
    [
        "  a\n\nb\n\na",  # strip() makes the first paragraph repeat the last, though no line repeats
        "a\n\nb\n\na  ",
        "\ta b\n\n\na b\n\n\n\n c\n\na b",
        "a\n \nb\n\na\n \nb",
        "x\r\ny\r\n\r\nx\r\ny",
        "- a\n  - b\n•c\n...\nd …  \n",
        "",
        " ",
        "\n\n",
    ],
)
def test_line_and_paragraph_edge_cases(text: str) -> None:
    _same(text, "nob", quality_signals(text, "nob"))


@pytest.mark.parametrize("n", range(2, 11))
def test_long_runs_and_periodic_texts(n: int) -> None:
    """Periods around n exercise the skip-n walk of the duplicate n-gram measure."""
    for period in (1, n - 1, n, n + 1, 2 * n + 1):
        words = [f"w{i % max(period, 1)}" for i in range(200)]
        for text in (" ".join(words), "\n".join(words), " ".join(words[:37]) + " x " + " ".join(words)):
            _same(text, "nob", quality_signals(text, "nob"))


def test_reference_agrees_with_datatrove_where_it_should() -> None:
    """The reference's n-gram helpers equal datatrove's on words that cannot collide when joined."""
    from datatrove.pipeline.filters.gopher_repetition_filter import (
        find_all_duplicate,
        find_top_duplicate,
        get_n_grams,
    )

    vocab = ["og", "det", "x", "er", "."]
    for sequence in (list(w) for w in itertools.product(vocab, repeat=6)):
        for n in (2, 3, 5):
            grams = get_n_grams(sequence, n)
            assert _top_duplicate(sequence, n) == (find_top_duplicate(grams) if grams else 0)
            assert _all_duplicate(sequence, n) == find_all_duplicate(sequence, n)


# -- the fast paths' own assumptions ------------------------------------------------------------------------


def test_tokens_are_the_regex_tokens(real_docs: list[tuple[str, str]]) -> None:
    texts = [text for text, _ in real_docs] + ["", "a-b-c a--b 'x' _ ___ １ İ \u212a \ud800 😀 x'’y"]
    tokens = tokenize(texts)
    for i, text in enumerate(texts):
        first, last = tokens.doc_tokens[i], tokens.doc_tokens[i + 1]
        spans = zip(tokens.starts[first:last].tolist(), tokens.ends[first:last].tolist(), strict=True)
        assert [tokens.text[s:e] for s, e in spans] == split_words(text)
    # words are numbered exactly: equal neighbours in `order` are equal strings, and only they
    spelled = [tokens.text[s:e] for s, e in zip(tokens.starts.tolist(), tokens.ends.tolist(), strict=True)]
    in_order = [spelled[i] for i in tokens.order.tolist()]
    assert tokens.new_word.tolist() == [True] + [a != b for a, b in itertools.pairwise(in_order)]


def test_hash_collisions_fall_back_to_exact_sorting(real_docs: list[tuple[str, str]], monkeypatch) -> None:
    """With every hash equal, the check after the sort must notice, and the exact sort gives the same."""
    monkeypatch.setattr(words, "_MIX", [np.uint64(0)] * len(words._MIX))
    for text, lang in real_docs[::10] + [("ab ab abc abcdefghijklmnopq abcdefghijklmnopqr " * 3, "nob")]:
        _same(text, lang, quality_signals(text, lang))


def test_unpacked_sorts(real_docs: list[tuple[str, str]], monkeypatch) -> None:
    """Batches too large to pack (class, position) into an int64 sort the pairs instead."""
    monkeypatch.setattr(ngrams, "_PACK_BITS", 0)
    texts = [text for text, _ in real_docs[::5]]
    langs = [lang for _, lang in real_docs[::5]]
    for text, lang, signals in zip(texts, langs, quality_signals_batch(texts, langs), strict=True):
        _same(text, lang, signals)


def test_tagger_batches_keep_order_and_values(real_docs: list[tuple[str, str]]) -> None:
    docs = [
        Document(text=t, id=str(i), metadata={"lang": lang}) for i, (t, lang) in enumerate(real_docs[:60])
    ]
    tagger = QualityTagger(batch_chars=20_000, batch_docs=7)
    out = list(tagger.run(iter(docs)))
    assert [d.id for d in out] == [str(i) for i in range(len(docs))]
    for doc in out:
        assert doc.metadata["quality"] == quality_signals(doc.text, doc.metadata["lang"])


def test_only_ascii_letters_lower_into_lorem_ipsum() -> None:
    """What `_lorem_ipsum` relies on: apart from ASCII letters and the space, no character lowers to
    anything containing a letter of "lorem ipsum", except İ (to "i" + U+0307, which never continues it)."""
    letters = set("lorem ipsum")
    odd = {
        chr(c)
        for c in range(0x110000)
        if not (chr(c).isascii() and (chr(c).isalpha() or chr(c) == " ")) and letters & set(chr(c).lower())
    }
    assert odd == {"İ"} and "İ".lower() == "i\u0307"


def test_the_character_tables_skip_nothing_above_the_scanned_code_points() -> None:
    # the tables look characters up below SCANNED_CODES only: they must equal the lookup over all of Unicode
    for ours, full in zip(words.char_tables(), words._char_tables(0x110000), strict=True):
        assert np.array_equal(ours, full)
