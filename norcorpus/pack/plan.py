"""Stage 2 planning of a pack: mixing, validation split, deterministic shuffle and the sample layout.

Everything here works on document lengths and id hashes only, never on tokens: the layout of every sample
is known before any shard is written, so the shard writers run in parallel and independently (and a re-run
rewrites exactly the same bytes). Each split is one stream of document instances in shuffled order:

- wrap (default): documents follow each other; the stream is cut every seq_len tokens, so a document may
  continue in the next sample (LLM Foundry's `concat_tokens`).
- no-wrap: a document that does not fit in what is left of the current sample starts the next one, and the
  rest of the current sample is padding; only a document longer than seq_len spans samples.

The tail of the last sample is padding (`pad_id`), so no token is dropped: the tokens of the shards minus the
padding are exactly the tokens of the documents times their repetitions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from norcorpus.errors import ConfigError
from norcorpus.pack.config import MAX_REPETITION, PackConfig
from norcorpus.pack.tokenize_step import Unit, unit_file

SPLITS = ("train", "val")
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix64(values: np.ndarray, salt: int) -> np.ndarray:
    """splitmix64 finalizer of (value + salt): a uniform 64-bit hash, vectorized."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(salt & 0xFFFFFFFFFFFFFFFF) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _uniform(hashes: np.ndarray, seed: int, purpose: int) -> np.ndarray:
    """A deterministic number in [0, 1) per document, independent per (seed, purpose)."""
    return (_mix64(hashes, seed * 1_000_003 + purpose) >> np.uint64(11)).astype(np.float64) / float(1 << 53)


@dataclass
class Documents:
    """Every non-empty document of the corpus, in a fixed order (units by path, then rows)."""

    unit: np.ndarray  # int32, index into units (its language and source)
    task: np.ndarray  # int32, the stage-1 task whose token stream holds it
    offset: np.ndarray  # int64, start in that task's token stream
    length: np.ndarray  # int64, BOS + ids + EOS
    hashes: np.ndarray  # uint64 of the document id
    empty: int = 0  # documents left out because they tokenized to nothing

    @classmethod
    def load(cls, work_dir: Path, n_tasks: int) -> Documents:
        units, tasks, offsets, lengths, hashes, empty = [], [], [], [], [], 0
        for rank in range(n_tasks):
            with np.load(unit_file(work_dir, rank)) as data:
                length, hashed, unit = data["lengths"], data["hashes"], data["units"]
            start = np.cumsum(length) - length
            kept = length > 0
            empty += int((~kept).sum())
            units.append(unit[kept])
            tasks.append(np.full(int(kept.sum()), rank, np.int32))
            offsets.append(start[kept])
            lengths.append(length[kept])
            hashes.append(hashed[kept])

        def cat(parts: list[np.ndarray], dtype) -> np.ndarray:
            return np.concatenate(parts) if parts else np.empty(0, dtype)

        return cls(cat(units, np.int32), cat(tasks, np.int32), cat(offsets, np.int64), cat(lengths, np.int64),
                   cat(hashes, np.uint64), empty)


@dataclass
class SplitPlan:
    name: str
    instances: np.ndarray  # int64 document index per instance, in stream order
    positions: np.ndarray  # int64 stream position of each instance's first token
    ends: np.ndarray  # int64 stream position after each instance's last token
    samples: int
    samples_per_shard: int
    tokens: int = 0  # real tokens (no padding)
    shards: int = field(init=False)

    def __post_init__(self) -> None:
        self.shards = math.ceil(self.samples / self.samples_per_shard) if self.samples else 0

    def save(self, directory: Path) -> None:
        np.save(directory / f"{self.name}.instances.npy", self.instances)
        np.save(directory / f"{self.name}.positions.npy", self.positions)
        np.save(directory / f"{self.name}.ends.npy", self.ends)


def weights_per_document(config: PackConfig, units: list[Unit], docs: Documents) -> np.ndarray:
    table = np.array([config.mixing.weight(u.source, u.lang) for u in units], np.float64)
    for unit, weight in zip(units, table):
        if weight > MAX_REPETITION:
            raise ConfigError(
                f"weight of source {unit.source} × language {unit.lang} is {weight:g}, more than "
                f"{MAX_REPETITION:g}x repetition",
                hint="lower the language or source weight in the mixing config",
            )
    return table[docs.unit] if len(docs.unit) else np.empty(0)


def choose_validation(config: PackConfig, docs: Documents) -> np.ndarray:
    """Documents held out for validation: by id hash, before any repetition (so none leaks into train)."""
    u = _uniform(docs.hashes, config.seed, purpose=1)
    val = u < config.val_fraction
    if config.val_fraction > 0 and not val.any() and len(u) >= 2:
        val[int(np.argmin(u))] = True  # a tiny corpus still gets a validation split
    return val


def copies_per_document(config: PackConfig, weights: np.ndarray, docs: Documents) -> np.ndarray:
    whole = np.floor(weights)
    extra = _uniform(docs.hashes, config.seed, purpose=2) < (weights - whole)
    return (whole + extra).astype(np.int64)


def layout(lengths: np.ndarray, seq_len: int, wrap: bool) -> tuple[np.ndarray, int]:
    """Stream position of each instance and the padded stream length (a multiple of seq_len)."""
    if wrap:
        positions = np.cumsum(lengths) - lengths
        end = int(lengths.sum())
    else:
        positions = np.empty(len(lengths), np.int64)
        pos = 0
        for i, n in enumerate(lengths.tolist()):
            used = pos % seq_len
            if used and n > seq_len - used:
                pos += seq_len - used  # pad the rest of this sample; the document starts the next one
            positions[i] = pos
            pos += n
        end = pos
    return positions, math.ceil(end / seq_len) * seq_len


def plan_split(name: str, config: PackConfig, docs: Documents, chosen: np.ndarray, copies: np.ndarray,
               per_shard: int, salt: int) -> SplitPlan:
    doc_index = np.repeat(np.flatnonzero(chosen), copies[chosen])
    order = np.random.default_rng([config.seed, salt]).permutation(len(doc_index))
    instances = doc_index[order]
    positions, total = layout(docs.length[instances], config.seq_len, config.wrap)
    lengths = docs.length[instances]
    return SplitPlan(name, instances, positions, positions + lengths, total // config.seq_len, per_shard,
                     tokens=int(lengths.sum()))


def summarize(units: list[Unit], docs: Documents, weights: np.ndarray, val: np.ndarray,
              copies: np.ndarray) -> dict[str, dict[str, dict[str, float | int]]]:
    """Documents and tokens per source × language: as read, and per split after mixing."""
    table: dict[str, dict[str, dict[str, float | int]]] = {}
    keys = [(u.source, u.lang) for u in units]
    for rank, (source, lang) in enumerate(keys):
        mine = docs.unit == rank
        if not mine.any():
            continue
        cell = table.setdefault(source, {}).setdefault(lang, {
            "weight": float(weights[mine][0]), "documents": 0, "tokens": 0, "train_documents": 0,
            "train_tokens": 0, "val_documents": 0, "val_tokens": 0})
        lengths = docs.length[mine]
        train = mine & ~val
        cell["documents"] += int(mine.sum())
        cell["tokens"] += int(lengths.sum())
        cell["train_documents"] += int(copies[train].sum())
        cell["train_tokens"] += int((docs.length[train] * copies[train]).sum())
        cell["val_documents"] += int((mine & val).sum())
        cell["val_tokens"] += int(docs.length[mine & val].sum())
    return {s: dict(sorted(langs.items())) for s, langs in sorted(table.items())}
