"""Stage 2 of a pack: write one MDS shard (datatrove task = one shard of one split).

The plan (document table, instance order and stream positions) is on disk as .npy files; a task
memory-maps it and the token streams of stage 1, copies the documents that fall in its range of the
stream into a [samples, seq_len] array prefilled with the padding id, and writes the shard atomically
with its index entry in the plan directory; the index is written once all tasks ended.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
from datatrove.pipeline.base import PipelineStep

from norcorpus.pack.mds import write_atomic, write_shard
from norcorpus.pack.tokenize_step import unit_tokens_file


def entry_file(plan_dir: Path, split: str, shard: int) -> Path:
    """The shard's index.json entry, written after the shard: marks the task done."""
    return Path(plan_dir) / "entries" / f"{split}-{shard:05d}.json"


def gather(samples: range, seq_len: int, pad_id: int, dtype: np.dtype, instances: np.ndarray,
           positions: np.ndarray, ends: np.ndarray, doc_task: np.ndarray, doc_offset: np.ndarray, doc_length: np.ndarray,
           tokens_of) -> np.ndarray:
    """The samples `samples` of a split's stream as a [n, seq_len] array; `tokens_of(task)` gives a stage-1 stream."""
    start, stop = samples.start * seq_len, samples.stop * seq_len
    out = np.full((stop - start), pad_id, dtype)
    first = int(np.searchsorted(ends, start, side="right"))
    last = int(np.searchsorted(positions, stop, side="left"))
    for i in range(first, last):
        doc = int(instances[i])
        pos, n = int(positions[i]), int(doc_length[doc])
        lo, hi = max(pos, start), min(pos + n, stop)
        base = int(doc_offset[doc]) + (lo - pos)
        out[lo - start : hi - start] = tokens_of(int(doc_task[doc]))[base : base + (hi - lo)]
    return out.reshape(-1, seq_len)


class MDSShardWriter(PipelineStep):
    name = "📦 pack: MDS shard"
    type = "Writer"

    def __init__(self, tasks: list[tuple[str, int]], plan_dir: str, work_dir: str, out: str, seq_len: int,
                 pad_id: int, dtype: str, samples_per_shard: int, shard_bytes: int, level: int | None):
        super().__init__()
        self.tasks = tasks
        self.plan_dir, self.work_dir, self.out = plan_dir, work_dir, out
        self.seq_len, self.pad_id, self.dtype = seq_len, pad_id, dtype
        self.samples_per_shard, self.shard_bytes, self.level = samples_per_shard, shard_bytes, level

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        split, shard = self.tasks[rank]
        target = entry_file(Path(self.plan_dir), split, shard)
        if target.exists():
            return
        plan = Path(self.plan_dir)

        def load(name: str) -> np.ndarray:
            return np.load(plan / f"{name}.npy", mmap_mode="r")

        instances, positions = load(f"{split}.instances"), load(f"{split}.positions")
        total = json.loads((plan / f"{split}.json").read_text())["samples"]
        first = shard * self.samples_per_shard
        samples = range(first, min(first + self.samples_per_shard, total))
        work = Path(self.work_dir)

        @cache
        def tokens_of(task: int) -> np.ndarray:
            return np.load(unit_tokens_file(work, task), mmap_mode="r")

        with self.track_time("shard"):
            array = gather(samples, self.seq_len, self.pad_id, np.dtype(self.dtype), instances, positions,
                           load(f"{split}.ends"), load("doc_task"), load("doc_offset"), load("doc_length"), tokens_of)
            entry = write_shard(Path(self.out) / split, shard, array, self.shard_bytes, self.level)
        self.stat_update("samples", value=len(array))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, json.dumps(entry, sort_keys=True).encode())
