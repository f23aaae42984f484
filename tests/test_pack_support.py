"""Shared fixtures of the pack and train tests: the sample V3 build, a tiny SentencePiece tokenizer, a pack.

Each is built once per session under pytest's base temp directory (a module that imports a fixture gets
its own definition, so the builders reuse what is already on disk).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from norcorpus.pack import PackConfig, pack
from norcorpus.versions.executors import ExecutionConfig

SEQ_LEN = 64


def sample_build(base: Path) -> Path:
    version_dir = base / "pack-build" / "V3"
    if not (version_dir / "manifest.lock.json").is_file():
        from norcorpus.versions.build import BuildOptions, build
        from norcorpus.versions.catalog import resolve_manifest
        from norcorpus.versions.manifest import load_manifest

        options = BuildOptions(out=base / "pack-build", sample=True, execution=ExecutionConfig(workers=1))
        build(load_manifest(resolve_manifest("V3")), options)
    return version_dir


def train_tokenizer(corpus: Path, out: Path, vocab_size: int = 400) -> Path:
    """A tiny SentencePiece BPE on the corpus text: byte fallback, <pad>=3 distinct from </s>=2."""
    import sentencepiece as spm

    if (out / "tokenizer.model").is_file():
        return out
    out.mkdir(parents=True, exist_ok=True)
    texts = pl.read_parquet(corpus / "data" / "**" / "*.parquet")["text"].to_list()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts),
        model_prefix=str(out / "tokenizer"),
        model_type="bpe",
        vocab_size=vocab_size,
        byte_fallback=True,
        hard_vocab_limit=False,
        character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=3,
        pad_piece="<pad>",
        num_threads=1,
        minloglevel=2,
    )
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
    (out / "special_tokens_map.json").write_text(json.dumps(special))
    (out / "tokenizer_config.json").write_text(json.dumps({**special, "model_max_length": 4096}))
    return out


def packed(base: Path, name: str, **options) -> tuple[Path, dict]:
    corpus = sample_build(base)
    tokenizer = train_tokenizer(corpus, base / "pack-tokenizer")
    options.setdefault("val_fraction", 0.1)
    options.setdefault("seq_len", SEQ_LEN)
    workers = options.pop("workers", 2)
    config = PackConfig(corpus=corpus, tokenizer=tokenizer, out=base / name, **options)
    result = pack(config, ExecutionConfig(workers=workers))
    return result.out, result.summary


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_build(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def tokenizer_dir(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    return train_tokenizer(corpus, tmp_path_factory.getbasetemp() / "pack-tokenizer")


@pytest.fixture(scope="session")
def mds_pack(tmp_path_factory: pytest.TempPathFactory, tokenizer_dir: Path) -> tuple[Path, dict]:
    """The sample build packed with Sámi repeated 16x and Nynorsk 2.5x (wrap, int32, 10 % validation)."""
    base = tmp_path_factory.getbasetemp()
    if (base / "pack-default" / "pack.lock.json").is_file():
        return base / "pack-default", json.loads((base / "pack-default" / "pack_summary.json").read_text())
    return packed(base, "pack-default", mixing={"languages": {"sme": 16, "nno": 2.5}})
