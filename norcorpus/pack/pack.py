"""`norcorpus pack`: a built corpus → tokenized, mixed, shuffled, packed MDS shards for LLM Foundry.

    OUT/train/{index.json, shard.NNNNN.mds.zstd}   the training split (local or remote for LLM Foundry)
    OUT/val/{index.json, ...}                      the validation split (held-out documents, no repetition)
    OUT/pack_summary.json                          tokens per source × language after mixing, totals
    OUT/pack.lock.json                             config hash; its presence means the pack is complete
    OUT/.work/                                     stage outputs and datatrove logs (resume state)

Two datatrove stages: tokenize (one task per corpus part file, reused across seeds and weights) and write
(one task per shard). The plan between them is computed from lengths only, so the output is the same bytes
whatever the number of workers, and an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from norcorpus.errors import ConfigError, ShardError
from norcorpus.pack import mds
from norcorpus.pack.config import PackConfig, TokenDtype
from norcorpus.pack.plan import (
    Documents,
    choose_validation,
    copies_per_document,
    plan_split,
    summarize,
    weights_per_document,
)
from norcorpus.pack.shard_step import MDSShardWriter, entry_file
from norcorpus.pack.tokenize_step import TokenStreamTokenizer, Unit, group_units, unit_file
from norcorpus.pack.vocab import MODEL_FILE, TokenizerInfo, load_tokenizer_info
from norcorpus.versions.executors import ExecutionConfig, make_executor, quiet_datatrove, ray_session

LOCK_FILE = "pack.lock.json"
SUMMARY_FILE = "pack_summary.json"
WORK_DIR = ".work"


@dataclass
class PackResult:
    out: Path
    summary: dict[str, Any]
    up_to_date: bool = False


def discover_units(corpus: Path) -> list[Unit]:
    """The part files of a built corpus, `data/lang=<lang>/source=<source>/part-*.parquet`, sorted."""
    corpus = Path(corpus)
    data = corpus / "data" if (corpus / "data").is_dir() else corpus
    if not data.is_dir():
        raise ConfigError(f"corpus directory {corpus} does not exist", hint="pass OUT/<version> of a build")
    units = []
    for path in sorted(data.glob("lang=*/source=*/*.parquet")):
        lang = path.parent.parent.name.removeprefix("lang=")
        source = path.parent.name.removeprefix("source=")
        units.append(Unit(str(path.resolve()), lang, source))
    if not units:
        raise ConfigError(
            f"no Parquet parts under {data}/lang=*/source=*/",
            hint="pass the directory of a built corpus version (norcorpus build ... --out OUT → OUT/<version>)",
        )
    return units


def resolve_dtype(config: PackConfig, tokenizer: TokenizerInfo) -> np.dtype:
    fits = tokenizer.vocab_size <= 1 << 16
    if config.dtype is TokenDtype.UINT16 and not fits:
        raise ConfigError(f"--dtype uint16 cannot hold a vocabulary of {tokenizer.vocab_size} tokens",
                          hint="use --dtype int32 (or auto)")
    if config.dtype is TokenDtype.AUTO:
        return np.dtype(np.uint16 if fits else np.int32)
    return np.dtype(config.dtype.value)


def _check_complete(logging_dir: Path, tasks: int, what: str) -> None:
    done = logging_dir / "completions"
    missing = [r for r in range(tasks) if not (done / f"{r:05d}").is_file()]
    if missing:
        log = logging_dir / "logs" / f"task_{missing[0]:05d}.log"
        raise ShardError(f"pack {what}: {len(missing)} task(s) did not finish (first: task {missing[0]}, log {log})")


def _prepare_out(out: Path, config_hash: str, plan_key: str) -> dict[str, Any] | None:
    """Summary of a finished identical pack, or None after clearing what another configuration left."""
    lock = out / LOCK_FILE
    if lock.is_file():
        if json.loads(lock.read_text()).get("config_hash") == config_hash and (out / SUMMARY_FILE).is_file():
            return json.loads((out / SUMMARY_FILE).read_text())
    elif out.is_dir() and any(out.iterdir()) and not (out / WORK_DIR).is_dir():
        raise ConfigError(f"--out {out} is not empty and holds no pack", hint="pass a new or empty directory")
    lock.unlink(missing_ok=True)
    for split in ("train", "val"):
        if (out / split).is_dir() and not (out / WORK_DIR / f"plan-{plan_key}").is_dir():
            shutil.rmtree(out / split)  # shards of another configuration
    return None


def pack(config: PackConfig, execution: ExecutionConfig | None = None) -> PackResult:
    execution = execution or ExecutionConfig()
    units = discover_units(config.corpus)
    tokenizer = load_tokenizer_info(config.tokenizer)
    dtype = resolve_dtype(config, tokenizer)
    out = Path(config.out)
    fingerprint = [(u.path, Path(u.path).stat().st_size, Path(u.path).stat().st_mtime_ns) for u in units]
    # the grouping of files into stage-1 tasks depends on --workers; the output does not (documents keep the
    # order of the files), but the stage-1 files do, so it is part of their key
    groups = group_units(units, execution.worker_count(len(units)))
    tokens_key = hashlib.sha256(json.dumps([tokenizer.sha256, dtype.name, fingerprint, groups,
                                            config.batch_docs]).encode()).hexdigest()[:12]
    config_hash = config.digest(tokenizer.sha256, dtype.name, fingerprint, tokenizer.pad_id)
    plan_key = config.digest(config_hash, groups)[:12]
    if (summary := _prepare_out(out, config_hash, plan_key)) is not None:
        return PackResult(out, summary, up_to_date=True)

    work = out / WORK_DIR
    tokens_dir = work / f"tokens-{tokens_key}"
    plan_dir = work / f"plan-{plan_key}"
    for directory in (tokens_dir, plan_dir):
        directory.mkdir(parents=True, exist_ok=True)
    for stale in work.iterdir():  # stage outputs of other configurations
        if stale.is_dir() and stale not in (tokens_dir, plan_dir):
            shutil.rmtree(stale)

    with quiet_datatrove(), ray_session(execution):
        step = TokenStreamTokenizer(units, groups, str(tokens_dir), str(tokenizer.path / MODEL_FILE),
                                    tokenizer.bos_id, tokenizer.eos_id, dtype.name, config.batch_docs)
        logs = tokens_dir / "logs"
        make_executor(execution, [step], len(groups), logs).run()
        if not all(unit_file(tokens_dir, r).is_file() for r in range(len(groups))):
            _check_complete(logs, len(groups), "tokenize")

        docs = Documents.load(tokens_dir, len(groups))
        weights = weights_per_document(config, units, docs)
        val = choose_validation(config, docs)
        copies = copies_per_document(config, weights, docs)
        level = config.compression_level
        per_shard = mds.samples_per_shard(config.seq_len, dtype, config.shard_bytes, mds.compression_name(level))
        splits = [plan_split("train", config, docs, ~val, copies, per_shard, salt=0)]
        if val.any():
            splits.append(plan_split("val", config, docs, val, np.ones_like(copies), per_shard, salt=1))
        if splits[0].samples == 0:
            raise ConfigError("nothing to pack: every document was held out or has weight 0",
                              hint="check the mixing weights and --val-fraction")
        np.save(plan_dir / "doc_task.npy", docs.task)
        np.save(plan_dir / "doc_offset.npy", docs.offset)
        np.save(plan_dir / "doc_length.npy", docs.length)
        for split in splits:
            split.save(plan_dir)
            (plan_dir / f"{split.name}.json").write_text(json.dumps({"samples": split.samples}))
            (out / split.name).mkdir(parents=True, exist_ok=True)

        tasks = [(s.name, i) for s in splits for i in range(s.shards)]
        writer = MDSShardWriter(tasks, str(plan_dir), str(tokens_dir), str(out), config.seq_len,
                                tokenizer.pad_id, dtype.name, per_shard, config.shard_bytes, level)
        logs = plan_dir / "logs"
        make_executor(execution, [writer], len(tasks), logs).run()
        if not all(entry_file(plan_dir, name, i).is_file() for name, i in tasks):
            _check_complete(logs, len(tasks), "write")

    result = {}
    for split in splits:
        entries = [json.loads(entry_file(plan_dir, split.name, i).read_text()) for i in range(split.shards)]
        result[split.name] = {
            "documents": len(split.instances),
            "samples": split.samples,
            "shards": split.shards,
            "tokens": split.tokens,
            "padding": split.samples * config.seq_len - split.tokens,
            "bytes": sum((e["zip_data"] or e["raw_data"])["bytes"] for e in entries),
        }
    summary = {
        "config_hash": config_hash,
        "corpus": str(Path(config.corpus).resolve()),
        "tokenizer": str(tokenizer.path.resolve()),
        "tokenizer_sha256": tokenizer.sha256,
        "seq_len": config.seq_len,
        "wrap": config.wrap,
        "seed": config.seed,
        "val_fraction": config.val_fraction,
        "column": {"tokens": mds.column_encoding(dtype)},
        "compression": mds.compression_name(config.compression_level),
        "vocab_size": tokenizer.vocab_size,
        "special_ids": {"bos": tokenizer.bos_id, "eos": tokenizer.eos_id, "pad": tokenizer.pad_id},
        "mixing": config.mixing.model_dump(),
        "documents_read": int(len(docs.length) + docs.empty),
        "documents_empty": docs.empty,
        "splits": result,
        "by_source_language": summarize(units, docs, weights, val, copies),
    }
    mds.write_atomic(out / SUMMARY_FILE, json.dumps(summary, indent=2, sort_keys=True).encode())
    for split in splits:  # index.json last: a reader sees a split only once all its shards are there
        entries = [json.loads(entry_file(plan_dir, split.name, i).read_text()) for i in range(split.shards)]
        mds.write_index(out / split.name, entries)
    mds.write_atomic(out / LOCK_FILE, json.dumps({"config_hash": config_hash}).encode())
    return PackResult(out, summary)
