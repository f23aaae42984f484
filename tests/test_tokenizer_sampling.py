"""Presets, corpus reading, sentence splitting and the language-weighted sample (no training here)."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from norcorpus.errors import ConfigError
from norcorpus.tokenizer.corpus_reader import iter_corpus
from norcorpus.tokenizer.preset import SPECIAL_TOKENS, SampleConfig, load_preset
from norcorpus.tokenizer.sampler import build_sample, plan_rates
from norcorpus.tokenizer.sentences import cut_long, split_sentences


@pytest.mark.parametrize(("name", "size"), [("64k", 64000), ("68k", 68000), ("158k", 158000)])
def test_presets_load_with_their_vocabulary_size(name, size):
    preset = load_preset(name)
    assert preset.vocab_size == size
    assert preset.byte_fallback and preset.split_digits
    assert preset.sample.weight("nno") > 0 and preset.sample.weight("sme") > 0


def test_preset_rejects_unknown_fields_and_names(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nvocab_size: 1000\nvocab: 3\n")
    with pytest.raises(ConfigError, match="vocab"):
        load_preset(bad)
    with pytest.raises(ConfigError, match="unknown tokenizer preset"):
        load_preset("65k")
    with pytest.raises(ConfigError, match="lang_weights"):
        load_preset("64k").with_overrides(lang_weights={"nob": -1.0})


def test_special_tokens_have_a_pad_distinct_from_eos():
    assert SPECIAL_TOKENS == {"<unk>": 0, "<s>": 1, "</s>": 2, "<pad>": 3}


def test_split_sentences_keeps_closing_quotes_and_paragraphs():
    text = "Hun sa: «Nei!» Så gikk hun. 3. mai kom. Mun lean Áile.\n\nČáppa beaivi"
    assert list(split_sentences(text, "nob")) == [
        "Hun sa: «Nei!»",
        "Så gikk hun.",
        "3. mai kom.",
        "Mun lean Áile.",
        "Čáppa beaivi",
    ]


def test_cut_long_cuts_at_spaces_and_keeps_every_word():
    text = "ord " * 50 + "x" * 30
    pieces = list(cut_long(text.strip(), 20))
    assert all(len(p) <= 20 for p in pieces)
    # words longer than the limit are cut hard; nothing is lost either way
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert pieces[0] == "ord ord ord ord ord"


def test_plan_rates_water_filling_by_weight():
    cfg = SampleConfig(max_chars=1000, lang_weights={"nob": 1, "nno": 1, "sme": 2}, max_repeat=4)
    # nno (10 chars) is capped at 4x = 40; the other 960 go to nob:sme as 1:2 → 320 and 640
    rates = plan_rates({"nob": 1000, "nno": 10, "sme": 320, "eng": 500}, cfg)
    assert rates["nno"] == 4
    assert rates["nob"] == pytest.approx(0.32)
    assert rates["sme"] == pytest.approx(2.0)
    assert rates["eng"] == 0.0  # weight 0 by default


def _version_dir(tmp_path, rows_by_lang: dict[str, list[str]]):
    """A corpus version directory as `norcorpus build` writes it (hive layout, text + lang columns)."""
    root = tmp_path / "V9"
    for lang, texts in rows_by_lang.items():
        part = root / "data" / f"lang={lang}" / "source=test"
        part.mkdir(parents=True)
        table = pa.table(
            {"id": [f"{lang}-{i}" for i in range(len(texts))], "text": texts, "lang": [lang] * len(texts)}
        )
        pq.write_table(table, part / "part-0.parquet")
    (root / "manifest.lock.json").write_text("{}")
    return root


def test_corpus_reader_reads_version_dirs_jsonl_and_tsv(tmp_path):
    version = _version_dir(tmp_path, {"nob": ["Hei på deg."], "sme": ["Bures!", ""]})
    assert sorted(iter_corpus(version)) == [("nob", "Hei på deg."), ("sme", "Bures!")]

    folder = tmp_path / "plain"
    folder.mkdir()
    with gzip.open(folder / "a.jsonl.gz", "wt") as fh:
        fh.write(
            json.dumps({"text": "uten språk"}) + "\n" + json.dumps({"text": "med", "lang": "nno"}) + "\n"
        )
    assert list(iter_corpus(folder)) == [("und", "uten språk"), ("nno", "med")]

    tsv = tmp_path / "rows.tsv"
    tsv.write_text("nob\tEn rad\tkilde\nsme\tOkta\n")
    assert list(iter_corpus(tsv)) == [("nob", "En rad"), ("sme", "Okta")]

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError, match="no Parquet, JSONL or TSV"):
        list(iter_corpus(empty))
    with pytest.raises(ConfigError, match="unsupported corpus file"):
        list(iter_corpus(version / "manifest.lock.json"))


def test_sample_follows_weights_is_deterministic_and_skips_weight_zero(tmp_path):
    nob = [f"Dette er setning nummer {i} på bokmål." for i in range(400)]
    nno = [f"Dette er setning nummer {i} på nynorsk." for i in range(40)]
    eng = [f"This is sentence {i}." for i in range(100)]
    corpus = _version_dir(tmp_path, {"nob": nob, "nno": nno, "eng": eng})
    cfg = SampleConfig(max_chars=20_000, lang_weights={"nob": 0.5, "nno": 0.5}, max_repeat=16, seed=5)
    first = build_sample(corpus, cfg, tmp_path / "s1.txt")
    second = build_sample(corpus, cfg, tmp_path / "s2.txt")
    assert (tmp_path / "s1.txt").read_bytes() == (tmp_path / "s2.txt").read_bytes()
    assert first.ignored_languages == {"eng": sum(map(len, eng))}
    nob_s, nno_s = first.languages["nob"], first.languages["nno"]
    # equal weights: each language gets about half of the 20k budget; nno by repeating its 40 sentences
    assert nob_s.sampled_chars == pytest.approx(10_000, rel=0.15)
    assert nno_s.sampled_chars == pytest.approx(10_000, rel=0.15)
    assert nno_s.rate > 5 and nob_s.rate < 1
    lines = (tmp_path / "s1.txt").read_text().splitlines()
    assert len(lines) == first.sampled_sentences == second.sampled_sentences
    assert not any(line.startswith("This is") for line in lines)


def test_sample_with_only_weight_zero_languages_is_a_config_error(tmp_path):
    corpus = _version_dir(tmp_path, {"eng": ["Only English here."]})
    with pytest.raises(ConfigError, match="weight 0"):
        build_sample(corpus, SampleConfig(lang_weights={"nob": 1.0}), tmp_path / "s.txt")
