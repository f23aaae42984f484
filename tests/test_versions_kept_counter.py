"""The kept counter's word count is str.split's, for normalized text and for any other."""

from __future__ import annotations

from datatrove.data import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.versions.accounting import KeptMetric, kept_label
from norcorpus.versions.kept_counter import KeptCounter, whitespace_words

# words, both whitespace bytes of normalized text, the odd spaces that take str.split, multi-byte letters
_PIECES = st.sampled_from(
    ["ord", "Sámi", "čđŋšŧž", "😀", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u3000", "\x1c", ""]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_whitespace_words_is_len_of_split(text: str) -> None:
    assert whitespace_words(text, text.encode("utf-8")) == len(text.split())


def test_counter_counts_documents_words_and_bytes() -> None:
    docs = [
        Document(
            text="Dette er en tekst.\n\nMed to avsnitt.", id="a", metadata={"source": "nb", "lang": "nob"}
        ),
        Document(text="Sámegiella lea\xa0dehálaš.", id="b", metadata={"source": "nb", "lang": "sme"}),
    ]
    step = KeptCounter()
    assert list(step.run(iter(docs))) == docs
    assert step.stats[kept_label("nb", "nob", KeptMetric.WORDS)].total == 7
    assert step.stats[kept_label("nb", "sme", KeptMetric.WORDS)].total == 3
    assert step.stats[kept_label("nb", "sme", KeptMetric.BYTES)].total == len(docs[1].text.encode())
    assert step.stats[kept_label("nb", "nob", KeptMetric.DOCUMENTS)].total == 1
