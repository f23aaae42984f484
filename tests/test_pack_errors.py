"""Bad input to `norcorpus pack`: one line and a hint, exit 2, no traceback."""

# ruff: noqa: F811  (pytest fixtures imported from tests/test_pack_support.py)
from __future__ import annotations

from pathlib import Path

import pytest

from norcorpus.cli import main
from norcorpus.pack import MixingConfig
from tests.test_pack_support import corpus, tokenizer_dir  # noqa: F401


def run(args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
    return info.value.code, capsys.readouterr().err


def base_args(corpus: Path, tokenizer: Path, out: Path) -> list[str]:
    return ["pack", "--corpus", str(corpus), "--tokenizer", str(tokenizer), "--seq-len", "64", "--out", str(out),
            "--workers", "1"]


def test_missing_tokenizer_model(tmp_path, corpus, capsys) -> None:
    code, err = run(base_args(corpus, tmp_path, tmp_path / "out"), capsys)
    assert code == 2 and err.startswith("ERROR: no tokenizer.model") and "Traceback" not in err


def test_not_a_corpus(tmp_path, tokenizer_dir, capsys) -> None:
    (tmp_path / "empty").mkdir()
    code, err = run(base_args(tmp_path / "empty", tokenizer_dir, tmp_path / "out"), capsys)
    assert code == 2 and "no Parquet parts" in err


def test_weight_over_16x(tmp_path, corpus, tokenizer_dir, capsys) -> None:
    args = base_args(corpus, tokenizer_dir, tmp_path / "out") + ["--lang-weight", "sme=17"]
    code, err = run(args, capsys)
    assert code == 2 and "16" in err
    args = base_args(corpus, tokenizer_dir, tmp_path / "out") + ["--lang-weight", "sme=8",
                                                                  "--source-weight", "hplt_v2_sme=4"]
    code, err = run(args, capsys)
    assert code == 2 and "hplt_v2_sme" in err and "32" in err


def test_bad_weight_syntax_and_seq_len(tmp_path, corpus, tokenizer_dir, capsys) -> None:
    code, err = run(base_args(corpus, tokenizer_dir, tmp_path / "o") + ["--lang-weight", "sme"], capsys)
    assert code == 2 and "NAME=WEIGHT" in err
    args = base_args(corpus, tokenizer_dir, tmp_path / "o")
    args[args.index("--seq-len") + 1] = "1"
    code, err = run(args, capsys)
    assert code == 2 and "seq_len" in err


def test_pad_must_differ_from_eos(tmp_path, corpus, tokenizer_dir, capsys) -> None:
    import polars as pl
    import sentencepiece as spm

    texts = pl.read_parquet(corpus / "data" / "**" / "*.parquet")["text"].to_list()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(texts), model_prefix=str(tmp_path / "tokenizer"),
                                   model_type="bpe", vocab_size=400, hard_vocab_limit=False, byte_fallback=True,
                                   pad_id=-1, minloglevel=2, num_threads=1)
    code, err = run(base_args(corpus, tmp_path, tmp_path / "o"), capsys)
    assert code == 2 and "no padding token" in err


def test_out_is_someone_elses_directory(tmp_path, corpus, tokenizer_dir, capsys) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    code, err = run(base_args(corpus, tokenizer_dir, tmp_path / "out"), capsys)
    assert code == 2 and "holds no pack" in err
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"


def test_mixing_config_is_typed() -> None:
    with pytest.raises(ValueError):
        MixingConfig.model_validate({"languages": {"sme": -1}})
    with pytest.raises(ValueError):
        MixingConfig.model_validate({"langs": {"sme": 2}})
    assert MixingConfig(languages={"sme": 16}, sources={"ncc": 0.5}).weight("ncc", "sme") == 8.0


def test_mixing_file_and_flags_merge(tmp_path) -> None:
    from norcorpus.cli.pack import _mixing
    from norcorpus.errors import ConfigError

    path = tmp_path / "mix.yaml"
    path.write_text("mixing:\n  languages: {sme: 16, nno: 2}\n  sources: {ncc: 0.5}\n")
    mixing = _mixing(path, ["nno=3"], ["mc4_no=0"])
    assert mixing.languages == {"sme": 16.0, "nno": 3.0}
    assert mixing.sources == {"ncc": 0.5, "mc4_no": 0.0}
    path.write_text("languages: {sme: 20}\n")
    with pytest.raises(ConfigError, match="16"):
        _mixing(path, [], [])
    path.write_text("languages: {sme: 2}\nlanguage: {nno: 2}\n")
    with pytest.raises(ConfigError, match="invalid mixing config"):
        _mixing(path, [], [])
