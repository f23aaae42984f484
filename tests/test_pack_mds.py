"""`norcorpus pack` output read back with mosaicml-streaming's own StreamingDataset."""

# ruff: noqa: F811  (pytest fixtures imported from tests/test_pack_support.py)
from __future__ import annotations

import gc
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import sentencepiece as spm

from norcorpus.cli import main
from norcorpus.pack.streaming_compat import streaming_base
from tests.test_pack_support import SEQ_LEN, corpus, mds_pack, packed, tokenizer_dir  # noqa: F401

BOS, EOS, PAD = 1, 2, 3


def read_split(out: Path, split: str) -> np.ndarray:
    """Every sample of a split through StreamingDataset, in index order."""
    sb = streaming_base()
    sb.util.clean_stale_shared_memory()
    dataset = sb.StreamingDataset(local=str(out), split=split, batch_size=1, shuffle=False)
    samples = [dataset[i]["tokens"] for i in range(len(dataset))]
    iterated = sum(1 for _ in dataset)
    assert iterated == len(samples) == dataset.num_samples
    del dataset
    gc.collect()
    return np.stack(samples)


def documents(stream: np.ndarray) -> list[tuple[int, ...]]:
    """Split a token stream (padding removed) back into BOS ... EOS documents."""
    flat = stream[stream != PAD]
    ends = np.flatnonzero(flat == EOS)
    starts = np.concatenate([[0], ends[:-1] + 1])
    return [tuple(flat[s : e + 1].tolist()) for s, e in zip(starts, ends)]


def expected_documents(corpus: Path, tokenizer: Path) -> dict[str, tuple[int, ...]]:
    sp = spm.SentencePieceProcessor(model_file=str(tokenizer / "tokenizer.model"))
    df = pl.read_parquet(corpus / "data" / "**" / "*.parquet")
    return {
        row["id"]: (BOS, *sp.encode(row["text"]), EOS)
        for row in df.select("id", "text", "lang", "source").iter_rows(named=True)
    }, df


def test_streaming_reads_every_sample_and_tokens_are_conserved(mds_pack, corpus, tokenizer_dir) -> None:
    out, summary = mds_pack
    expected, df = expected_documents(corpus, tokenizer_dir)
    langs = dict(zip(df["id"].to_list(), df["lang"].cast(pl.Utf8).to_list()))
    by_tokens = {}
    for doc_id, tokens in expected.items():
        by_tokens.setdefault(tokens, []).append(doc_id)

    seen: dict[str, int] = {}
    for split in ("train", "val"):
        samples = read_split(out, split)
        info = summary["splits"][split]
        assert samples.dtype == np.int32 and samples.shape == (info["samples"], SEQ_LEN)
        assert int((samples != PAD).sum()) == info["tokens"] and int((samples == PAD).sum()) == info["padding"]
        # wrap: padding only at the very end of the stream
        flat = samples.reshape(-1)
        assert not (flat[: len(flat) - info["padding"]] == PAD).any()
        docs = documents(flat)
        assert len(docs) == info["documents"] == int((flat == BOS).sum())
        for doc in docs:
            ids = by_tokens[doc]  # every packed document is one of the corpus documents, whole
            seen[split + ":" + ids[0]] = seen.get(split + ":" + ids[0], 0) + 1

    train = {k.split(":", 1)[1]: n for k, n in seen.items() if k.startswith("train:")}
    val = {k.split(":", 1)[1] for k in seen if k.startswith("val:")}
    assert val and not (val & set(train))  # held-out documents never reach train
    assert set(train) | val == set(expected)  # and every document is somewhere
    for doc_id, copies in train.items():  # repetition: sme 16x, nno 2 or 3 (2.5x), the rest once
        lang = langs[doc_id]
        assert copies == 16 if lang == "sme" else copies in (2, 3) if lang == "nno" else copies == 1, doc_id
    nno = [n for d, n in train.items() if langs[d] == "nno"]
    assert 2 in nno and 3 in nno

    # the summary's per source × language table adds up to the splits
    cells = [c for langs_ in summary["by_source_language"].values() for c in langs_.values()]
    assert sum(c["train_tokens"] for c in cells) == summary["splits"]["train"]["tokens"]
    assert sum(c["val_tokens"] for c in cells) == summary["splits"]["val"]["tokens"]
    assert sum(c["documents"] for c in cells) == len(expected) == summary["documents_read"]
    assert summary["by_source_language"]["hplt_v2_sme"]["sme"]["weight"] == 16


def test_index_and_shards_follow_the_mds_format(mds_pack) -> None:
    out, _ = mds_pack
    index = json.loads((out / "train" / "index.json").read_text())
    assert index["version"] == 2
    shard = index["shards"][0]
    assert shard["column_encodings"] == ["ndarray:int32"] and shard["column_names"] == ["tokens"]
    assert shard["compression"] == "zstd" and shard["size_limit"] == 1 << 26
    assert (out / "train" / shard["zip_data"]["basename"]).stat().st_size == shard["zip_data"]["bytes"]


def _shard_digests(out: Path) -> dict[str, str]:
    files = sorted(out.glob("*/index.json")) + sorted(out.glob("*/*.zstd"))
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_deterministic_across_workers_and_resumable(tmp_path_factory, mds_pack) -> None:
    base = tmp_path_factory.getbasetemp()
    small = {"mixing": {"languages": {"sme": 16, "nno": 2.5}}, "shard_bytes": 1 << 14}  # several shards
    first, _ = packed(base, "det-1", workers=1, **small)
    second, _ = packed(base, "det-2", workers=2, **small)
    digests = _shard_digests(first)
    assert len([k for k in digests if k.startswith("train/shard")]) > 3
    assert digests == _shard_digests(second)

    # an interrupted pack: shards, their entries and the lock lost; the re-run rewrites exactly them
    for shard in list(second.glob("train/shard.0000[13].mds.zstd")):
        shard.unlink()
    (second / "pack.lock.json").unlink()
    (second / "train" / "index.json").unlink()
    plan = next((second / ".work").glob("plan-*"))
    for name in ("train-00001.json", "train-00003.json"):
        (plan / "entries" / name).unlink()
    shutil.rmtree(plan / "logs" / "completions")
    again, _ = packed(base, "det-2", workers=2, **small)
    assert _shard_digests(again) == digests

    # another seed: the same documents, another order
    other, other_summary = packed(base, "det-seed", seed=99, **small)
    assert other_summary["splits"]["train"]["tokens"] != 0
    assert _shard_digests(other) != digests


def test_no_wrap_starts_samples_at_documents(tmp_path_factory, corpus, tokenizer_dir) -> None:
    out, summary = packed(tmp_path_factory.getbasetemp(), "nowrap", wrap=False, val_fraction=0.0)
    assert "val" not in summary["splits"]
    samples = read_split(out, "train")
    expected, _ = expected_documents(corpus, tokenizer_dir)
    longest = max(len(t) for t in expected.values())
    assert longest > SEQ_LEN  # the sample corpus has documents longer than a sample
    continued = 0
    for sample in samples:
        if sample[0] != BOS:  # only the continuation of a document longer than a sample
            continued += 1
        real = sample[sample != PAD]
        assert (sample[len(real) :] == PAD).all()  # padding only at the end of a sample
    flat = samples.reshape(-1)
    docs = documents(flat)
    assert sorted(docs) == sorted(expected.values())
    assert int((flat != PAD).sum()) == summary["splits"]["train"]["tokens"] == sum(map(len, expected.values()))
    assert 0 < continued < len(samples)


def test_uint16_when_the_vocabulary_fits(tmp_path_factory, mds_pack) -> None:
    out, summary = packed(tmp_path_factory.getbasetemp(), "u16", dtype="auto",
                          mixing={"languages": {"sme": 16, "nno": 2.5}})
    assert summary["column"] == {"tokens": "ndarray:uint16"}
    samples = read_split(out, "train")
    assert samples.dtype == np.uint16
    assert np.array_equal(samples.astype(np.int32), read_split(mds_pack[0], "train"))


def test_cli_pack_json_and_up_to_date(tmp_path, corpus, tokenizer_dir, capsys) -> None:
    args = ["pack", "--corpus", str(corpus), "--tokenizer", str(tokenizer_dir), "--seq-len", "32",
            "--out", str(tmp_path / "p"), "--lang-weight", "sme=4", "--workers", "1", "--json"]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code in (None, 0)
    summary = json.loads(capsys.readouterr().out)
    assert summary["seq_len"] == 32 and summary["mixing"]["languages"] == {"sme": 4.0}
    with pytest.raises(SystemExit):
        main(args[:-1])
    assert "up to date" in capsys.readouterr().out
