"""Training on a small vocabulary, the HF export (tokenizers and transformers give the SentencePiece ids),
lossless round trips (hypothesis) and the CLI's errors. The whole file runs in well under a minute."""

from __future__ import annotations

import gzip
import json
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sentencepiece as spm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer
from typer.testing import CliRunner

from norcorpus.cli import app
from norcorpus.errors import ConfigError
from norcorpus.tokenizer.preset import load_preset
from norcorpus.tokenizer.trainer import train_tokenizer

VOCAB = 1200
_SYLLABLES = {
    "nob": "ska hus det er jeg ikke og på til som bør både kjø bjørn øy åpen hva ære",
    "nno": "ikkje eg kva korleis heim kven sjå høyr berre mykje vere år vêr",
    "sme": "ovtta guokte golbma dál čáppa beaivi áhkku ođđa giella sámi šaddat ŧ ŋ đ ž",
}


def _synthetic_texts(lang: str, n: int, seed: int) -> list[str]:
    """Deterministic pseudo-language: words built from a few syllables, with capitals, digits, punctuation."""
    rng = random.Random(f"{seed}:{lang}")
    syl = _SYLLABLES[lang].split()
    texts = []
    for _ in range(n):
        words = ["".join(rng.choices(syl, k=rng.randint(1, 3))) for _ in range(rng.randint(4, 14))]
        words[0] = words[0].capitalize()
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(0, 99999)))
        texts.append(" ".join(words) + rng.choice([".", "!", "?", " …", ": «ja»."]))
    return texts


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "V1"
    for lang, n in (("nob", 1500), ("nno", 600), ("sme", 300)):
        part = root / "data" / f"lang={lang}" / "source=synthetic"
        part.mkdir(parents=True)
        texts = _synthetic_texts(lang, n, seed=1)
        pq.write_table(
            pa.table({"id": [str(i) for i in range(n)], "text": texts, "lang": [lang] * n}),
            part / "p.parquet",
        )
    return root


@pytest.fixture(scope="session")
def small_preset():
    return load_preset("64k").with_overrides(
        name="test", vocab_size=VOCAB, max_chars=200_000, lang_weights={"nob": 0.5, "nno": 0.3, "sme": 0.2}
    )


@pytest.fixture(scope="session")
def trained(corpus, small_preset, tmp_path_factory):
    return train_tokenizer(corpus, small_preset, tmp_path_factory.mktemp("tok") / "out")


@pytest.fixture(scope="session")
def sp(trained):
    return spm.SentencePieceProcessor(model_file=str(trained.model_path))


@pytest.fixture(scope="session")
def hf(trained):
    tok = Tokenizer.from_file(str(trained.out / "tokenizer.json"))
    tok.encode_special_tokens = True  # literal "<s>" in text stays text, as in SentencePiece
    return tok


def test_training_writes_model_hf_files_and_report(trained, sp):
    names = {p.name for p in trained.out.iterdir()}
    assert names == {
        "tokenizer.model",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "train_report.json",
    }
    assert sp.get_piece_size() == VOCAB
    assert [sp.id_to_piece(i) for i in range(4)] == ["<unk>", "<s>", "</s>", "<pad>"]
    assert (sp.unk_id(), sp.bos_id(), sp.eos_id(), sp.pad_id()) == (0, 1, 2, 3)
    assert sp.is_byte(sp.piece_to_id("<0x0A>"))
    report = json.loads((trained.out / "train_report.json").read_text())
    assert report["vocab_size"] == VOCAB
    assert set(report["sample"]["languages"]) == {"nob", "nno", "sme"}
    assert report["sentencepiece_options"]["normalization_rule_name"] == "identity"


def test_digits_are_split_and_unknown_characters_fall_back_to_bytes(sp):
    pieces = sp.encode("år 2024 ✓", out_type=str)
    digits = [p.lstrip("\u2581") for p in pieces if not p.startswith("<0x") and any(c.isdigit() for c in p)]
    assert digits == ["2", "0", "2", "4"]
    assert "<0xE2>" in pieces  # "✓" never occurs in the training text: its UTF-8 bytes
    assert sp.unk_id() not in sp.encode("år 2024 ✓ 漢字")


def test_training_is_deterministic(corpus, small_preset, trained, tmp_path):
    again = train_tokenizer(corpus, small_preset, tmp_path / "again")
    assert again.model_path.read_bytes() == trained.model_path.read_bytes()
    assert (again.out / "tokenizer.json").read_bytes() == (trained.out / "tokenizer.json").read_bytes()


_EDGE_CASES = [
    "",
    " ",
    "  to  mellomrom ",
    "\tTab og\nlinjeskift\r\n",
    "Čáppa beaivi! ŋ ŧ đ ž 123,45",
    "emoji 🎉 og 漢字 og \x00\x01 kontroll",
    "<s> ikke en kontroll </s> <pad> <unk>",
    "<0x41> ser ut som en byte",
]


def _text_strategy():
    # everything Unicode can encode, minus surrogates and "▁" (SentencePiece's own space symbol: it decodes
    # to " ", a documented SentencePiece limit), mixed with words the vocabulary knows
    chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\u2581")
    known = st.sampled_from(" ".join(_SYLLABLES.values()).split() + [" ", "  ", ". ", "\n"])
    return st.lists(st.one_of(st.text(chars, max_size=8), known), max_size=30).map("".join)


@pytest.mark.parametrize("text", _EDGE_CASES)
def test_edge_cases_round_trip_and_ids_agree(sp, hf, text):
    ids = sp.encode(text)
    assert hf.encode(text, add_special_tokens=False).ids == ids
    assert sp.decode(ids) == text
    assert hf.decode(ids, skip_special_tokens=False) == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_text_strategy())
def test_round_trip_and_hf_ids_equal_sentencepiece_ids(sp, hf, text):
    ids = sp.encode(text)
    assert sp.decode(ids) == text
    assert hf.encode(text, add_special_tokens=False).ids == ids
    assert hf.decode(ids) == text


def test_transformers_loads_the_export_with_the_same_ids(trained, sp):
    transformers = pytest.importorskip("transformers")
    tok = transformers.AutoTokenizer.from_pretrained(str(trained.out))
    assert (tok.bos_token_id, tok.eos_token_id, tok.unk_token_id, tok.pad_token_id) == (1, 2, 0, 3)
    texts = _synthetic_texts("sme", 50, seed=99) + _EDGE_CASES[:6]
    for text in texts:
        ids = tok(text, add_special_tokens=False)["input_ids"]
        assert ids == sp.encode(text)
        assert tok.decode(ids) == text
    batch = tok(texts[:4], padding=True)
    assert tok.pad_token_id in sum(batch["input_ids"], []) or len({len(x) for x in batch["input_ids"]}) == 1


def test_hf_ids_equal_sentencepiece_ids_on_real_dev_text(shared_data, sp, hf):
    with gzip.open(shared_data / "lid" / "dev.tsv.gz", "rt", encoding="utf-8", newline="\n") as fh:
        texts = [line.rstrip("\n").split("\t")[1] for _, line in zip(range(3000), fh, strict=False)]
    sp_ids = sp.encode(texts)
    hf_ids = [e.ids for e in hf.encode_batch(texts, add_special_tokens=False)]
    assert sum(a != b for a, b in zip(sp_ids, hf_ids, strict=True)) == 0
    assert all(sp.decode(ids) == text for ids, text in zip(sp_ids, texts, strict=True))


def test_too_large_vocabulary_is_a_config_error(corpus, small_preset, tmp_path):
    preset = small_preset.with_overrides(vocab_size=500_000)
    with pytest.raises(ConfigError, match="could not train"):
        train_tokenizer(corpus, preset, tmp_path / "big")
    assert not (tmp_path / "big").exists()
    assert not any(p.name.startswith(".big") for p in tmp_path.iterdir())


def test_cli_train_and_fertility(corpus, trained, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli"
    args = ["tokenizer", "train", "--corpus", str(corpus), "--vocab-size", "900", "--out", str(out)]
    args += ["--max-chars", "100000", "--lang-weight", "nob=1", "--lang-weight", "sme=1", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["vocab_size"] == 900 and set(report["sample"]["languages"]) == {"nob", "sme"}

    # a second run into the same directory needs --force
    again = runner.invoke(app, args)
    assert again.exit_code != 0 and "not empty" in str(again.exception)
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    stranger = tmp_path / "not-a-tokenizer"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("precious")
    refused = runner.invoke(app, [*args[:7], str(stranger), "--force"])
    assert refused.exit_code != 0 and "holds no tokenizer" in str(refused.exception)
    assert (stranger / "keep.txt").read_text() == "precious"

    tsv = tmp_path / "eval.tsv"
    rows = [("nob", t) for t in _synthetic_texts("nob", 30, seed=7)] + [
        ("sme", t) for t in _synthetic_texts("sme", 20, seed=7)
    ]
    tsv.write_text("".join(f"{label}\t{text}\tsrc\n" for label, text in rows))
    result = runner.invoke(
        app,
        [
            "tokenizer",
            "fertility",
            str(tsv),
            "--tokenizer",
            str(trained.out),
            "--baseline",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload["tokenizers"]) == ["out", "cli"]
    for name, path in (("out", trained.out), ("cli", out)):
        model = spm.SentencePieceProcessor(model_file=str(path / "tokenizer.model"))
        for label in ("nob", "sme"):
            texts = [t for lab, t in rows if lab == label]
            got = payload["tokenizers"][name]["labels"][label]
            assert got["rows"] == len(texts)
            assert got["words"] == sum(len(t.split()) for t in texts)
            assert got["tokens"] == sum(len(ids) for ids in model.encode(texts))
    # the bigger vocabulary of `out` cuts words into fewer pieces
    assert (
        payload["tokenizers"]["out"]["total"]["fertility"]
        < payload["tokenizers"]["cli"]["total"]["fertility"]
    )
    # the HF export measured with `tokenizers` gives the same counts as SentencePiece
    via_hf = runner.invoke(
        app,
        [
            "tokenizer",
            "fertility",
            str(tsv),
            "--tokenizer",
            str(trained.out),
            "--engine",
            "tokenizers",
            "--json",
        ],
    )
    assert via_hf.exit_code == 0, via_hf.output
    hf_payload = json.loads(via_hf.output)["tokenizers"]["out"]
    assert hf_payload["engine"] == "tokenizers"
    assert hf_payload["labels"] == payload["tokenizers"]["out"]["labels"]


def test_cli_errors_are_one_line(tmp_path, capsys):
    from norcorpus.cli import main

    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n")
    (tmp_path / "tok").mkdir()
    with pytest.raises(SystemExit) as exc:
        main(["tokenizer", "fertility", str(bad), "--tokenizer", str(tmp_path / "tok")])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("ERROR: no tokenizer at") and err[1].startswith("hint:")
