"""Unit tests of LID pieces that need no model: preprocessing, augmentation, metrics, config, label maps."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from norcorpus.cli.lid import parse_label_map
from norcorpus.errors import ConfigError
from norcorpus.langs import Lang
from norcorpus.lid.augment import LEGACY_SCHEMES, fragment, junk, legacy_encode, sentences
from norcorpus.lid.config import LidConfig
from norcorpus.lid.data import norwegian_label_conflict
from norcorpus.lid.evaluate import evaluate
from norcorpus.lid.preprocess import model_lines, preprocess


def test_preprocess_lowercases_strips_punctuation_and_numbers():
    assert preprocess("Hei! «Dette» er 2023-tall.\nNy linje") == "hei dette er 0000 tall ny linje"


def test_preprocess_drops_urls_and_mail_but_keeps_sami_letters():
    text = "Loga www.example.no dahje čále post@sámediggi.no: Ŋ Đ Š Ŧ Ž Č"
    assert preprocess(text) == "loga dahje čále ŋ đ š ŧ ž č"


def test_preprocess_is_idempotent_and_one_line():
    rng = random.Random(1)
    for _ in range(200):
        text = junk(rng) + "\n\t" + "Ávjovárgeaidnu 50, 9520 Guovdageaidnu"
        once = preprocess(text)
        assert preprocess(once) == once
        assert "\n" not in once and "  " not in once


def test_preprocess_keeps_legacy_symbols_that_stand_for_letters():
    # mac-sami read as Mac Roman writes č as ∏ and ŋ as ∫: symbols, not punctuation, so they stay
    assert preprocess("∏ierru ∫") == "∏ierru ∫"


def test_legacy_schemes_replace_every_sami_letter():
    text = "čđŋšŧž ČĐŊŠŦŽ"
    for name in LEGACY_SCHEMES:
        out = legacy_encode(text, name)
        assert not set(out) & set("čđŋšŧžČĐŊŠŦŽ"), name
    assert legacy_encode("Sámi giella ođđa", "latin1-lookalike") == "Sámi giella oðða"


def test_fragment_is_a_window_of_words_and_seeded():
    text = "one two three four five six seven eight nine ten"
    a = [fragment(text, random.Random(5), 2, 4) for _ in range(3)]
    b = [fragment(text, random.Random(5), 2, 4) for _ in range(3)]
    assert a == b
    for frag in a:
        assert frag in text and 2 <= len(frag.split()) <= 4


def test_sentences_split_on_end_punctuation_before_capitals():
    assert sentences("Dat lea buorre. Mun boađán ihttin! ja nu ain.") == ["Dat lea buorre.", "Mun boađán ihttin! ja nu ain."]


def test_norwegian_label_conflict_catches_bokmal_labelled_nynorsk():
    assert norwegian_label_conflict("nno", "Jeg vil bare ta ordet helt kort i denne saken.")
    assert not norwegian_label_conflict("nno", "Eg vil berre seie at dette er ikkje bra.")
    assert not norwegian_label_conflict("sme", "Jeg vil bare")


def test_evaluate_precision_recall_f1_and_confusion():
    gold = ["nob", "nob", "nno", "nno", "sme"]
    pred = ["nob", "nno", "nno", "nno", "nob"]
    report = evaluate(gold, pred, {"nob/nno/sme": ("nob", "nno", "sme")})
    assert report.per_label["nob"].precision == pytest.approx(0.5)
    assert report.per_label["nob"].recall == pytest.approx(0.5)
    assert report.per_label["nno"].precision == pytest.approx(2 / 3)
    assert report.per_label["nno"].recall == pytest.approx(1.0)
    assert report.per_label["sme"].f1 == 0.0
    assert report.confusion == {"nob": {"nob": 1, "nno": 1}, "nno": {"nno": 2}, "sme": {"nob": 1}}
    assert report.confusion_rate("nob", "nno") == pytest.approx(0.5)
    assert report.accuracy == pytest.approx(0.6)
    assert report.macro_f1["nob/nno/sme"] == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert "confusion" in report.table()


def test_lid_config_is_strict_and_checks_thresholds():
    config = LidConfig(thresholds={"dan": 0.9})
    assert config.threshold(Lang.DAN) == 0.9
    assert config.threshold(Lang.NOB) == config.min_confidence
    with pytest.raises(ValidationError):
        LidConfig(thresholds={"dan": 1.5})
    with pytest.raises(ValidationError):
        LidConfig(min_chars=10, unknown_option=1)
    with pytest.raises(ValidationError):
        LidConfig(thresholds={"xx": 0.5})


def test_parse_label_map_inline_and_file(tmp_path):
    assert parse_label_map("nob_Latn=nob, nno_Latn=nno") == {"nob_Latn": "nob", "nno_Latn": "nno"}
    path = tmp_path / "map.json"
    path.write_text('{"__label__no": "nob", "se": "sme"}')
    assert parse_label_map(str(path)) == {"__label__no": "nob", "se": "sme"}
    assert parse_label_map(None) is None
    with pytest.raises(ConfigError):
        parse_label_map("nob_Latn")


def test_preprocess_fast_path_matches_the_table_for_every_bmp_character():
    # preprocess() takes an 8-bit code-page fast path for most text and str.translate for the rest; a model
    # only works with the preprocessing it was trained with, so the two must never differ
    from norcorpus.lid.preprocess import _TABLE

    def slow(text: str) -> str:
        return " ".join(text.translate(_TABLE).split())

    for cp in range(0x10000):
        ch = chr(cp)
        for text in (ch, f"Ab{ch}é X", f"{ch}Ø9{ch}"):
            assert preprocess(text) == slow(text), hex(cp)
    for text in ["Čáppa ŊÁL – «Sámi» 12", "Dette er … en “test”", "mixed 𝔘𝔫𝔦 Ω∏ ok", "\x85 C1 control"]:
        assert preprocess(text) == slow(text)


def test_model_lines_are_preprocess_with_the_spaces_left_in():
    # the batch form the build uses: fastText splits words at any run of spaces, so the words must be exactly
    # those of preprocess(), for every BMP character, in batches that mix the code page and the full table
    texts = [f"Ab{chr(cp)}é, X{chr(cp)}9" for cp in range(0x10000) if cp != ord("\n")]
    texts += ["", "  ", "Se https://nrk.no/sapmi og skriv til post@sametinget.no!", "mixed 𝔘𝔫𝔦 Ω∏ ok", "…"]
    for size in (1, 7, 600, len(texts)):
        for start in range(0, len(texts), size):
            batch = texts[start : start + size]
            assert [" ".join(line.split()) for line in model_lines(batch)] == [preprocess(t) for t in batch]
    # a text with a line break of its own: one call per text, collapsed
    assert model_lines(["a\nb", "Ø!"]) == ["a b", "ø"]
