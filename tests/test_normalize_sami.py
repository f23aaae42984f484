"""Sámi legacy-encoding repair: damaged corpus-sme documents come back exactly; other languages are never
touched (Icelandic and Faroese above all, whose ð and þ are real)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from datatrove.data import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.langs import Lang
from norcorpus.lid import LidPredictor
from norcorpus.normalize import SamiRepairConfig, SamiRepairer, repair_sami, sami_legacy
from norcorpus.normalize.sami_legacy import CONFUSION_BY_NAME, CONFUSIONS, SAMI_LETTERS, best_repair

_PREDICTOR = LidPredictor()


def _docs(shared_data: Path, lang: str) -> list[str]:
    with gzip.open(shared_data / "lid" / "docs" / f"{lang}.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


@pytest.fixture(scope="module")
def sme_sample(shared_data: Path) -> list[str]:
    return _docs(shared_data, "sme")[::97]  # 114 documents of all genres, deterministic


def test_repair_tables_invert_the_damage() -> None:
    for confusion in CONFUSIONS:
        letters = "".join(sorted(ch for ch in SAMI_LETTERS if confusion.can_encode(ch)))
        damaged = confusion.damage(letters)
        assert confusion.repair(damaged) == letters, confusion.name
        if confusion.sami_only:  # only the Sámi letters differ
            assert sum(a != b for a, b in zip(letters, damaged, strict=True)) > 0


def test_known_confusions_from_corpustools() -> None:
    # the stand-ins divvun's CorpusTools records for each confusion
    assert CONFUSION_BY_NAME["winsam_as_cp1252"].repair("ðñþçóý") == "đŋžčšŧ"
    assert CONFUSION_BY_NAME["winsami2_as_cp1252"].repair("„˜¹¿¼") == "čđŋžŧ"
    assert CONFUSION_BY_NAME["latin4_as_cp1252"].repair("\u00e8\u00f0\u00b9\u00be\u00bf\u00bc") == "čđšžŋŧ"
    assert CONFUSION_BY_NAME["macsami_as_macroman"].repair("∏πªΩ∫º") == "čđšžŋŧ"
    assert CONFUSION_BY_NAME["macsami_as_latin1"].repair("\x87") == "á"
    assert CONFUSION_BY_NAME["macsami_as_cp1252"].repair("‡") == "á"


@pytest.mark.parametrize("confusion", CONFUSIONS, ids=lambda c: c.name)
def test_damaged_sami_documents_are_restored_exactly(confusion, sme_sample: list[str]) -> None:
    damaged = [(doc, confusion.damage(doc)) for doc in sme_sample if confusion.can_encode(doc)]
    damaged = [(doc, bad) for doc, bad in damaged if bad != doc]
    assert len(damaged) >= 40
    restored = sum(repair_sami(bad, _PREDICTOR)[0] == doc for doc, bad in damaged)
    assert restored / len(damaged) >= 0.95, f"{restored}/{len(damaged)}"


@pytest.mark.parametrize("lang", ["isl", "fao", "nob", "nno"])
def test_other_languages_are_never_repaired(lang: str, shared_data: Path) -> None:
    docs = _docs(shared_data, lang)
    if lang in ("isl", "fao"):  # their ð/þ are stand-ins of WinSam and Latin-4, so they are candidates
        assert sum(best_repair(doc) is not None for doc in docs) > len(docs) // 2
    for hint in (None, "se"):
        assert all(repair_sami(doc, _PREDICTOR, source_lang=hint) == (doc, None) for doc in docs)


@pytest.mark.parametrize("lang", ["sme", "nob", "isl"])
def test_candidate_knows_its_a_acute_before_repairing(lang: str, shared_data: Path) -> None:
    # the repairer turns down candidates without á from counts alone; they must agree with the repaired text
    docs = _docs(shared_data, lang)[::7]
    texts = docs + [c.damage(d) for c in CONFUSIONS for d in docs[:20] if c.can_encode(d)]
    candidates = [c for c in map(best_repair, texts) if c is not None]
    assert len(candidates) >= 10
    for candidate in candidates:
        assert candidate.has_a_acute == any(ch in candidate.text for ch in "áÁ"), candidate.confusion.name


class _Says:
    def __init__(self, lang: Lang, score: float):
        self.answer = (lang, score)

    def predict(self, text: str) -> tuple[Lang, float]:
        return self.answer


def test_lid_and_source_label_decide() -> None:
    damaged = "Sámediggi lea vuoððudan ráððe mii galgá ovddidit sámi gielaid."
    repaired = "Sámediggi lea vuođđudan ráđđe mii galgá ovddidit sámi gielaid."
    assert repair_sami(damaged, _Says(Lang.SME, 0.9)) == (repaired, "winsam_as_cp1252")
    assert repair_sami(damaged, _Says(Lang.SME, 0.2)) == (damaged, None)
    assert repair_sami(damaged, _Says(Lang.UND, 0.0), source_lang="sme")[1] == "winsam_as_cp1252"
    assert repair_sami(damaged, _Says(Lang.NOB, 0.99), source_lang="sme") == (damaged, None)
    assert repair_sami(damaged, _Says(Lang.ISL, 0.1), source_lang="sme") == (damaged, None)
    off = SamiRepairConfig(enabled=False)
    assert repair_sami(damaged, _Says(Lang.SME, 1.0), off) == (damaged, None)


def test_step_tags_and_counts() -> None:
    step = SamiRepairer(_Says(Lang.SME, 1.0))
    docs = [
        Document(text="Vuoððu lea ahte sámit leat ovttaárvosaþþat.", id="1", metadata={}),
        Document(text="Helt vanlig norsk tekst.", id="2", metadata={}),
    ]
    out = list(step.run(iter(docs)))
    assert out[0].text == "Vuođđu lea ahte sámit leat ovttaárvosažžat."
    assert [d.metadata["sami_repair"] for d in out] == ["winsam_as_cp1252", None]
    assert step.stats["sami_repaired"].total == 1
    assert step.stats["sami_repaired_winsam_as_cp1252"].total == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(sami_legacy._COUNTED_CHARS[::3]) | set("aæø ŋ\n𝔘😀Ωß")))))
def test_counted_characters_are_those_a_regex_finds(text: str) -> None:
    # best_repair counts stand-ins and letters on UTF-16 code units with numpy; the definition is a findall
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sami_legacy._COUNTED_CHARS) + "]")
    assert sami_legacy._counted(text) == Counter(pattern.findall(text))
