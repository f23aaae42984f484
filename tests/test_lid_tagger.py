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


def test_clip_cuts_at_a_word_boundary():
    from norcorpus.lid.document import clip

    text = "alfa beta gamma delta"
    assert clip(text, 0) == text and clip(text, 100) == text
    assert clip(text, 12) == "alfa beta"  # "alfa beta ga" cut back to the last whole word
    assert clip(text, 10) == "alfa beta"  # a space right at the limit is a boundary
    assert clip("x" * 50, 10) == "x" * 10  # one long token: a plain cut


def test_only_the_start_of_a_long_paragraph_is_read_but_it_votes_with_its_length(lid):
    # one paragraph: a Sámi sentence, then three times as much Bokmål
    paragraph = SME[0] + " " + " ".join(NOB)
    whole = label_document(paragraph, lid, LidConfig(max_chars_per_paragraph=0, first_read_chars=0))
    start = label_document(paragraph, lid, LidConfig(max_chars_per_paragraph=len(SME[0])))
    assert whole.lang is Lang.NOB
    assert start.lang is Lang.SME
    assert start.paragraphs[0].chars == len(paragraph)


def test_a_sure_first_read_is_kept_and_an_unsure_one_is_read_again_up_to_the_cap(lid):
    paragraph = SME[0] + " " + " ".join(NOB)  # a Sámi start, then three times as much Bokmål
    first = len(SME[0])
    sure = label_document(paragraph, lid, LidConfig(max_chars_per_paragraph=0, first_read_chars=first))
    assert sure.lang is Lang.SME and sure.paragraphs[0].score >= 0.99
    # nothing is sure enough at 1.0 (or only by a rounding step): the whole paragraph is read
    again = LidConfig(max_chars_per_paragraph=0, first_read_chars=first, settled_score=1.0)
    assert label_document(paragraph, lid, again).lang is Lang.NOB
    # the first read never goes beyond the cap
    capped = LidConfig(max_chars_per_paragraph=first, first_read_chars=10 * first, settled_score=1.0)
    assert label_document(paragraph, lid, capped).lang is Lang.SME


DANISH_PAGE = (  # the sample's mC4 Danish page (text written for the project)
    "Regeringen vil styrke den kollektive trafik i hele landet. Transportministeren oplyser, at der afsættes "
    "flere penge til nye busruter i yderområderne, og at togdriften skal være mere pålidelig.\n\n"
    "Forslaget skal behandles i Folketinget efter sommerferien. Ministeren understreger, at pendlere i hele "
    "landet skal kunne regne med hyppigere afgange og billigere billetter. Oppositionen kalder udspillet et "
    "skridt i den rigtige retning, men efterlyser en langsigtet plan for jernbanen."
)


def test_the_default_cap_reads_enough_to_tell_danish_from_bokmal(lid):
    # with the packaged model, the first 128 characters of its second paragraph read as Bokmål (nob 0.84)
    for config in (LidConfig(), LidConfig(max_chars_per_paragraph=0)):
        result = label_document(DANISH_PAGE, lid, config)
        assert result.lang is Lang.DAN and all(p.lang is Lang.DAN for p in result.paragraphs)


def test_batched_documents_get_the_labels_of_one_at_a_time(lid):
    from norcorpus.lid.document import label_documents

    texts = [
        "\n\n".join(NOB + SME),
        "kort",
        "Eg veit ikkje\nkva eg skal gjere\nmed dette no\nsidan dei ikkje kjem",  # no paragraph votes alone
        "",
        "\n".join(SME),
        "\n".join(NOB[:1]),
    ]
    for config in (LidConfig(), LidConfig(max_chars_per_paragraph=0), LidConfig(min_paragraph_chars=25)):
        assert label_documents(texts, lid, config) == [label_document(t, lid, config) for t in texts]
    assert label_documents([], lid, LidConfig()) == []


def test_tagger_batches_change_nothing_but_the_number_of_calls(lid):
    texts = ["\n\n".join(NOB + SME), "\n".join(SME), "kort", "\n".join(NOB), "\n\n".join(SME + NOB)]

    def tag(batch_chars: int) -> list[dict]:
        docs = [Document(text=t, id=str(n), metadata={}) for n, t in enumerate(texts)]
        out = list(FastTextLidTagger(LidConfig(), batch_chars=batch_chars).run(iter(docs)))
        assert [d.id for d in out] == [str(n) for n in range(len(texts))]
        return [d.metadata for d in out]

    assert tag(1) == tag(300) == tag(10**9)
