"""Quality signals (tags) and the per-language threshold decisions."""

from __future__ import annotations

import random

import pytest
from datatrove.data import Document
from datatrove.pipeline.filters import FineWebQualityFilter, GopherRepetitionFilter
from pydantic import ValidationError

from norcorpus.filters.quality_config import QualityConfig, QualityThresholds
from norcorpus.filters.quality_selection import QualitySelection, failed_check
from norcorpus.filters.quality_signals import QUALITY_FIELDS, quality_signals
from norcorpus.filters.quality_tagger import QualityTagger
from norcorpus.filters.words import split_words

_NOB = (
    "Regjeringen la i dag fram forslaget til statsbudsjett for neste år. Finansministeren sa at det er "
    "viktig å holde igjen på pengebruken, men at kommunene skal få mer til skole og helse. Opposisjonen "
    "mener at forslaget ikke gjør nok for dem som har minst, og vil foreslå endringer i Stortinget. "
    "Forhandlingene med samarbeidspartiene starter neste uke, og det er ventet at de blir krevende.\n\n"
    "Budsjettet skal etter planen vedtas før jul. Det er første gang på flere år at regjeringen må "
    "forhandle med to partier samtidig, og mange venter en lang høst i Stortinget."
)


def test_signals_have_every_field_and_sane_values() -> None:
    q = quality_signals(_NOB, "nob")
    assert tuple(q) == QUALITY_FIELDS
    assert 50 < q["words"] < 200 and 3 < q["mean_word_length"] < 10
    assert q["stop_words"] >= 8 and q["alpha_words"] > 0.8
    assert q["line_punct_ratio"] == 1.0 and q["dup_line_frac"] == 0.0
    assert failed_check(q, 0.99, QualityConfig().nob) is None


def test_word_tokenizer() -> None:
    assert split_words("E-post: «ola@nav.no» – 17. mai, dáhpáhus!") == [
        "E-post",
        ":",
        "«",
        "ola",
        "@",
        "nav",
        ".",
        "no",
        "»",
        "–",
        "17",
        ".",
        "mai",
        ",",
        "dáhpáhus",
        "!",
    ]


@pytest.mark.parametrize(
    ("text", "datatrove_filter"),
    [
        ("Meny\nMeny\nMeny\nHjem\n" + _NOB, GopherRepetitionFilter(top_n_grams=(), dup_n_grams=())),
        (
            _NOB + "\nMeny\nMeny\nMeny\nMeny\nMeny\nMeny",
            GopherRepetitionFilter(top_n_grams=(), dup_n_grams=()),
        ),
        (_NOB, FineWebQualityFilter(new_line_ratio=1e9)),
        (_NOB, GopherRepetitionFilter(top_n_grams=(), dup_n_grams=())),
        ("kort linje\nenda en kort\n" + _NOB, FineWebQualityFilter(new_line_ratio=1e9)),
        ("a\nb\nc\nd\ne\n" + _NOB, FineWebQualityFilter(new_line_ratio=1e9)),
        (
            "ingen punktum her\nheller ikke her\nog ikke her\n" + _NOB.replace(".", ""),
            FineWebQualityFilter(new_line_ratio=1e9),
        ),
    ],
)
def test_line_signals_decide_like_datatrove(text: str, datatrove_filter, monkeypatch) -> None:
    """Where tokenization plays no part, our thresholds on the tags drop exactly what datatrove drops."""
    # the word-based checks are switched off; spare the test datatrove's spaCy tokenizer (seconds to load)
    for module in ("fineweb_quality_filter", "gopher_repetition_filter"):
        monkeypatch.setattr(
            f"datatrove.pipeline.filters.{module}.split_into_words", lambda t, lang: split_words(t)
        )
    t = QualityThresholds(
        language_score=None,
        min_doc_words=None,
        max_doc_words=None,
        min_avg_word_length=None,
        max_avg_word_length=None,
        max_symbol_word_ratio=None,
        max_bullet_lines_ratio=None,
        max_ellipsis_lines_ratio=None,
        min_alpha_words_ratio=None,
        min_stop_words=None,
        top_n_grams={},
        dup_n_grams={},
        new_line_ratio=None,
    )
    if isinstance(datatrove_filter, FineWebQualityFilter):
        t = t.model_copy(
            update={
                "dup_line_frac": None,
                "dup_para_frac": None,
                "dup_line_char_frac": None,
                "dup_para_char_frac": None,
            }
        )
    else:
        t = t.model_copy(update={"line_punct_thr": None, "short_line_thr": None, "char_dup_ratio": None})
    ours = failed_check(quality_signals(text, "nob"), None, t) is None
    theirs = datatrove_filter.filter(Document(text=text, id="x")) is True
    assert ours == theirs


def test_per_language_thresholds() -> None:
    # lists without terminal punctuation: FineWeb-2 drops them in Bokmål, not in North Sámi
    words = ["sámi", "giella", "lea", "dehálaš", "oassi", "min", "kultuvrras", "ja", "árbevieruin", "go", "mii", "háliidit", "ovddidit", "dan"]
    rng = random.Random(7)
    sme = "\n".join(" ".join(rng.sample(words, 10)) for _ in range(12))
    q = quality_signals(sme, "sme")
    cfg = QualityConfig()
    assert failed_check(q, 0.9, cfg.sme) is None
    assert failed_check(q, 0.9, cfg.nob) == "fineweb_line_punct_ratio"
    assert failed_check(quality_signals(_NOB, "nob"), 0.5, cfg.nob) == "lang_score"
    assert failed_check(quality_signals(_NOB, "nob"), 0.5, cfg.nno) is None
    assert failed_check(quality_signals("For kort tekst.", "nob"), 1.0, cfg.nob) == "gopher_short_doc"
    assert cfg.for_lang("nno") is cfg.nno and cfg.for_lang("dan") is cfg.other


def test_tag_then_select_counts_drops_per_source() -> None:
    docs = [
        Document(text=_NOB, id="1", metadata={"source": "web", "lang": "nob", "lang_score": 0.95}),
        Document(
            text="Lorem ipsum dolor. " + _NOB,
            id="2",
            metadata={"source": "web", "lang": "nob", "lang_score": 0.95},
        ),
        Document(text="Hei.", id="3", metadata={"source": "ncc", "lang": "nob", "lang_score": 0.95}),
    ]
    tagged = list(QualityTagger().run(iter(docs)))
    assert all(set(d.metadata["quality"]) == set(QUALITY_FIELDS) for d in tagged)
    selection = QualitySelection()
    kept = list(selection.run(iter(tagged)))
    assert [d.id for d in kept] == ["1"]
    assert selection.stats["nc/dropped/web/c4_lorem_ipsum"].total == 1
    assert selection.stats["nc/dropped/ncc/gopher_short_doc"].total == 1


def test_configs_are_strict() -> None:
    with pytest.raises(ValidationError):
        QualityConfig(nob={"min_doc_wrods": 3})
    assert QualityConfig.model_validate(QualityConfig().model_dump(mode="json")) == QualityConfig()
