"""Document aggregation and the FastTextLidTagger datatrove step, with the real packaged model."""

from __future__ import annotations

import pickle

import pytest
from datatrove.data import Document

from norcorpus.langs import Lang
from norcorpus.lid.config import LidConfig
from norcorpus.lid.document import label_document
from norcorpus.lid.fasttext_tagger import FastTextLidTagger
from norcorpus.lid.model import LidModel

NOB = [
    "Kommunen har vedtatt en ny plan for hvordan skolene skal ta imot elever som flytter hit midt i skoleåret.",
    "Foreldrene får tilbud om et møte med rektor før barnet begynner, og det blir satt av tid til omvisning.",
    "Planen skal evalueres etter to år, og da vil kommunestyret vurdere om ordningen skal gjøres permanent.",
]
SME = [
    "Suohkan lea mearridan ođđa plána das movt skuvllat galget vuostáiváldit ohppiid geat johtet deike.",
    "Váhnemat ožžot fálaldaga čoahkkimii rektoriin ovdal go mánná álgá skuvlii, ja sii besset geahččat skuvlla.",
]


@pytest.fixture(scope="module")
def lid() -> LidModel:
    return LidModel.load()


def test_document_label_is_weighted_by_characters(lid):
    text = "\n\n".join(NOB + SME)
    result = label_document(text, lid, LidConfig())
    assert result.lang is Lang.NOB
    assert result.mixed  # two of five paragraphs, about 40 % of the characters, are Sámi
    assert [p.lang for p in result.paragraphs] == [Lang.NOB] * 3 + [Lang.SME] * 2
    assert [p.chars for p in result.paragraphs] == [len(p) for p in NOB + SME]
    # the score is discounted by the share of the other language
    assert 0.4 < result.score < 0.75


def test_single_language_document_is_not_mixed(lid):
    result = label_document("\n".join(SME), lid, LidConfig())
    assert (result.lang, result.mixed) == (Lang.SME, False)
    assert result.score > 0.9


def test_short_documents_and_short_paragraphs(lid):
    assert label_document("Hei på deg", lid, LidConfig()).lang is Lang.UND
    # every line is too short to vote alone: the whole text is predicted as one paragraph
    lines = "Eg veit ikkje\nkva eg skal gjere\nmed dette no\nsidan dei ikkje kjem"
    result = label_document(lines, lid, LidConfig(min_chars=20, min_paragraph_chars=25))
    assert result.lang is Lang.NNO
    assert all(p.lang is Lang.UND for p in result.paragraphs)


def test_thresholds_make_it_abstain_but_keep_the_top_label(lid):
    strict = LidConfig(thresholds={Lang.NOB: 1.0})
    result = label_document("\n\n".join(NOB), lid, strict)
    assert (result.lang, result.top) == (Lang.UND, Lang.NOB)
    assert result.score > 0.5


def test_tagger_writes_metadata_and_counts(lid):
    tagger = FastTextLidTagger(LidConfig())
    assert tagger._model is None  # nothing loaded before the first document
    docs = [
        Document(text="\n\n".join(NOB + SME), id="a", metadata={"source": "s"}),
        Document(text="\n".join(SME), id="b", metadata={"source": "s"}),
        Document(text="kort", id="c", metadata={"source": "s"}),
    ]
    out = list(tagger.run(iter(docs)))
    assert [d.metadata["lang"] for d in out] == ["nob", "sme", "und"]
    meta = out[0].metadata
    assert meta["lang_mixed"] is True and out[1].metadata["lang_mixed"] is False
    assert isinstance(meta["lang_score"], float)
    assert meta["lang_top"] == "nob"
    assert [p["lang"] for p in meta["lang_paragraphs"]] == ["nob"] * 3 + ["sme"] * 2
    assert set(meta["lang_paragraphs"][0]) == {"lang", "score", "chars"}
    assert tagger._model is not None
    # the loaded model stays behind when the step is shipped to another worker
    clone = pickle.loads(pickle.dumps(tagger))
    assert clone._model is None and clone.config == tagger.config
    counts = tagger.stats.stats
    assert (counts["lang_nob"].total, counts["lang_sme"].total, counts["lang_und"].total) == (1, 1, 1)
    assert counts["lang_mixed"].total == 1


def test_tagger_with_a_missing_model_fails_with_a_config_error(tmp_path):
    from norcorpus.errors import ConfigError

    tagger = FastTextLidTagger(LidConfig(model=str(tmp_path / "missing.ftz")))
    with pytest.raises(ConfigError):
        list(tagger.run(iter([Document(text="Dette er en setning som er lang nok.", id="x")])))
