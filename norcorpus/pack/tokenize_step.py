"""Stage 1 of a pack: tokenize corpus part files into a flat token stream (datatrove task = a few files).

Each document becomes BOS + ids + EOS (SentencePiece adds neither, so BOS is never doubled; a leading BOS
or trailing EOS already in the ids is not added again). The output per task is the token stream (`.npy`)
and an `.npz` with, per document, its length, its unit (file) and a 64-bit hash of its id (the mixing and the validation split are
decided from it later, so this stage does not depend on the seed or the weights and is reused across them).
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from datatrove.pipeline.base import PipelineStep

from norcorpus.errors import ShardError


@dataclass(frozen=True)
class Unit:
    """One corpus part file and the partition it lies in."""

    path: str
    lang: str
    source: str


def unit_file(work_dir: Path, rank: int) -> Path:
    """Lengths, units and id hashes of a task's documents; written after its tokens: marks the task done."""
    return Path(work_dir) / f"task-{rank:06d}.npz"


def unit_tokens_file(work_dir: Path, rank: int) -> Path:
    """The task's token stream as a plain .npy, so that the shard writers can memory-map it."""
    return Path(work_dir) / f"task-{rank:06d}.tokens.npy"


def group_units(units: list[Unit], workers: int, target_bytes: int = 256 << 20) -> list[list[int]]:
    """Consecutive units per task, balanced by file size: few tasks for a small corpus (datatrove's per-task
    setup costs ~0.1 s), about one per `target_bytes` of Parquet for a large one, never fewer than 2 per worker
    (when there are that many files), so the workers stay busy to the end."""
    sizes = [max(1, os.path.getsize(u.path)) for u in units]
    tasks = max(min(len(units), 2 * workers), -(-sum(sizes) // target_bytes))
    tasks = min(tasks, len(units))
    bounds = np.searchsorted(np.cumsum(sizes), np.arange(1, tasks) * sum(sizes) / tasks, side="left") + 1
    groups = [list(range(a, b)) for a, b in zip([0, *bounds], [*bounds, len(units)])]
    return [g for g in groups if g]


def to_stream(ids: list[list[int]], bos: int, eos: int, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate documents as BOS + ids + EOS; empty documents are left out (length 0 is returned for them)."""
    cleaned = []
    for doc in ids:
        if doc and doc[0] == bos:
            doc = doc[1:]
        if doc and doc[-1] == eos:
            doc = doc[:-1]
        cleaned.append(doc)
    inner = np.fromiter((len(d) for d in cleaned), np.int64, count=len(cleaned))
    lengths = np.where(inner > 0, inner + 2, 0)
    out = np.empty(int(lengths.sum()), dtype)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    kept = lengths > 0
    body = np.ones(len(out), bool)
    body[starts[kept]] = False
    body[ends[kept] - 1] = False
    out[starts[kept]] = bos
    out[ends[kept] - 1] = eos
    out[body] = np.fromiter(itertools.chain.from_iterable(cleaned), dtype, count=int(inner.sum()))
    return out, lengths


class TokenStreamTokenizer(PipelineStep):
    name = "🔢 pack: tokenize"
    type = "Tokenizer"

    def __init__(self, units: list[Unit], groups: list[list[int]], work_dir: str, model_file: str, bos: int,
                 eos: int, dtype: str, batch_docs: int = 2048):
        super().__init__()
        self.units = units
        self.groups = groups
        self.work_dir = work_dir
        self.model_file = model_file
        self.bos, self.eos = bos, eos
        self.dtype = dtype
        self.batch_docs = batch_docs
        self._sp = None

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_sp"] = None  # the model loads in the worker
        return state

    @property
    def sp(self):
        if self._sp is None:
            import sentencepiece as spm

            self._sp = spm.SentencePieceProcessor(model_file=self.model_file)
        return self._sp

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        import pyarrow.parquet as pq

        target = unit_file(Path(self.work_dir), rank)
        if target.exists():
            return
        dtype = np.dtype(self.dtype)
        tokens, lengths, hashes, unit_ids = [], [], [], []
        for index in self.groups[rank]:
            unit = self.units[index]
            try:
                parquet = pq.ParquetFile(unit.path)
                for batch in parquet.iter_batches(columns=["id", "text"], batch_size=self.batch_docs):
                    ids = batch.column("id").to_pylist()
                    texts = batch.column("text").to_pylist()
                    with self.track_time("batch"):
                        stream, doc_lengths = to_stream(self.sp.encode(texts), self.bos, self.eos, dtype)
                    tokens.append(stream)
                    lengths.append(doc_lengths)
                    hashes.append(_hash_ids(ids))
                    unit_ids.append(np.full(len(ids), index, np.int32))
                    self.stat_update("documents", value=len(texts))
                    self.stat_update("tokens", value=len(stream))
            except (OSError, ValueError, KeyError) as exc:  # pyarrow errors derive from these
                raise ShardError(f"cannot read {unit.path}: {exc}") from None
        tokens_path = unit_tokens_file(Path(self.work_dir), rank)
        tmp = tokens_path.with_name(f".{tokens_path.name}.tmp{os.getpid()}.npy")
        np.save(tmp, np.concatenate(tokens) if tokens else np.empty(0, dtype))
        os.replace(tmp, tokens_path)
        tmp = target.with_name(f".{target.name}.tmp{os.getpid()}.npz")
        np.savez(
            tmp,
            lengths=np.concatenate(lengths) if lengths else np.empty(0, np.int64),
            hashes=np.concatenate(hashes) if hashes else np.empty(0, np.uint64),
            units=np.concatenate(unit_ids) if unit_ids else np.empty(0, np.int32),
        )
        os.replace(tmp, target)


def _hash_ids(ids: list[str]) -> np.ndarray:
    import xxhash

    return np.fromiter((xxhash.xxh3_64_intdigest(str(i).encode()) for i in ids), np.uint64, count=len(ids))
