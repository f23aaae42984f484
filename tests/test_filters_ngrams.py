"""Our n-gram repetition measures equal datatrove's helpers exactly."""

from __future__ import annotations

from datatrove.pipeline.filters.gopher_repetition_filter import (
    find_all_duplicate,
    find_top_duplicate,
    get_n_grams,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.filters.ngrams import NGramIndex

# a small vocabulary, so that repeats are common; words of different lengths, so ties matter
_WORDS = st.lists(st.sampled_from(["a", "bb", "ccc", "og", "i", "det", "dáhpáhus", ".", ","]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.integers(2, 10))
def test_same_as_datatrove(words: list[str], n: int) -> None:
    index = NGramIndex(words)
    grams = get_n_grams(words, n)
    assert index.top_duplicate_chars(n) == (find_top_duplicate(grams) if grams else 0)
    assert index.all_duplicate_chars(n) == find_all_duplicate(words, n)
