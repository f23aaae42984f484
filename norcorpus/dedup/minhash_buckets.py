"""MinHash stage 2: LSH buckets → candidate pairs, one band at a time, in bounded memory.

Task r of W handles bands r, r+W, ... For a band, the sorted bucket files of all ingest tasks (and of an
index) are read one hash window at a time: the hash space is cut into as many equal windows as needed for
a window to hold about `window_records` records (band hashes are uniform), and each file is read from
where the previous window stopped up to a binary-searched end. A window is sorted with numpy; documents
with an equal band hash form a bucket. A bucket of n documents yields at most 2n candidate pairs (each
member with the bucket's first member, and with its neighbour), never n², so a boilerplate page copied a
million times costs a million pairs, not 10^12. Pairs go to `partitions` files by a hash of the pair, one
file per (partition, task), rewritten whole when a task reruns.
"""

from __future__ import annotations

import math

import numpy as np
from datatrove.io import DataFolder, DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from norcorpus.dedup import layout
from norcorpus.dedup.config import MinhashConfig
from norcorpus.errors import ConfigError

_SPACE = 1 << 64
_REC = layout.SIG_DTYPE.itemsize


class _SortedSigFile:
    """A sorted .sig file read window by window: only the current window's records are in memory."""

    def __init__(self, folder: DataFolder, path: str, task: int, index: bool):
        self.folder, self.path, self.task, self.index = folder, path, task, index
        self.records = folder.size(path) // _REC
        self.pos = 0

    def _hash_at(self, f, i: int) -> int:
        f.seek(i * _REC)
        return int(np.frombuffer(f.read(8), dtype="<u8")[0])

    def take_below(self, hi: int) -> np.ndarray:
        """Keys and hashes of the records from the current position with hash < hi."""
        with self.folder.open(self.path, "rb") as f:
            lo_i, hi_i = self.pos, self.records
            while lo_i < hi_i:  # first record with hash >= hi
                mid = (lo_i + hi_i) // 2
                if self._hash_at(f, mid) < hi:
                    lo_i = mid + 1
                else:
                    hi_i = mid
            f.seek(self.pos * _REC)
            chunk = np.frombuffer(f.read((lo_i - self.pos) * _REC), dtype=layout.SIG_DTYPE)
        self.pos = lo_i
        return chunk


def bucket_pairs(hashes: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs of documents sharing a hash: (first member, member) and (previous, member)."""
    if len(hashes) < 2:
        return np.empty(0, np.uint64), np.empty(0, np.uint64)
    order = np.lexsort((keys, hashes))
    h, k = hashes[order], keys[order]
    same = np.concatenate(([False], h[1:] == h[:-1]))
    idx = np.arange(len(h))
    head = np.maximum.accumulate(np.where(same, 0, idx))
    members = np.flatnonzero(same)
    star_a, star_b = k[head[members]], k[members]
    chain = members[head[members] != members - 1]  # neighbour pair not already the head pair
    return np.concatenate((star_a, k[chain - 1])), np.concatenate((star_b, k[chain]))


def index_pairs(
    new_h: np.ndarray, new_k: np.ndarray, idx_h: np.ndarray, idx_k: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each new document paired with the first index document of its bucket."""
    if len(new_h) == 0 or len(idx_h) == 0:
        return np.empty(0, np.uint64), np.empty(0, np.uint64)
    order = np.lexsort((idx_k, idx_h))
    uh, first = np.unique(idx_h[order], return_index=True)
    pos = np.searchsorted(uh, new_h)
    pos_c = np.minimum(pos, len(uh) - 1)
    hit = uh[pos_c] == new_h
    return new_k[hit], idx_k[order][first][pos_c[hit]]


class MinhashBuckets(PipelineStep):
    type = "🫂 - DEDUP"
    name = "🎯 MinHash buckets"

    def __init__(
        self,
        signatures_folder: DataFolderLike,
        output_folder: DataFolderLike,
        config: MinhashConfig | None = None,
        index_folder: DataFolderLike | None = None,
        only_in_index: bool = False,
    ):
        super().__init__()
        self.signatures = get_datafolder(signatures_folder)
        self.output_folder = get_datafolder(output_folder)
        self.config = config or MinhashConfig()
        self.index = get_datafolder(index_folder) if index_folder is not None else None
        self.only_in_index = only_in_index  # `only in new`: drop what a previous version has, nothing else

    def _files(self, band: int) -> list[_SortedSigFile]:
        sub = f"bucket_{band:03d}"
        files = [
            _SortedSigFile(self.signatures, p, layout.task_of_sig_path(p), False)
            for p in self.signatures.list_files(subdirectory=sub, glob_pattern="*.sig")
        ]
        if self.index is not None:
            files += [
                _SortedSigFile(self.index, p, layout.task_of_sig_path(p), True)
                for p in self.index.list_files(subdirectory=sub, glob_pattern="*.sig")
            ]
        return [f for f in files if f.records]

    def _check_index(self) -> None:
        """An index hashed another way (older code, other n-gram or bands) would silently match nothing."""
        want = layout.signature_format(self.config)
        have = None
        if self.index.exists(layout.FORMAT_FILE):
            with self.index.open(layout.FORMAT_FILE, "r") as f:
                have = f.read()
        if have != want:
            raise ConfigError(
                f"the index {self.index.path} holds signatures of another format ({have or 'before format 2'}; "
                f"this build writes {want})",
                hint="rebuild the previous version with this norcorpus and the same MinHash ngram, bands, rows, seed",
            )

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        cfg = self.config
        if self.index is not None:
            self._check_index()
        outs = {
            p: self.output_folder.open(f"{p:05d}/r{rank:05d}.pairs", "wb") for p in range(cfg.partitions)
        }
        try:
            for band in range(rank, cfg.bands, world_size):
                with self.track_time():
                    self._band(band, outs)
        finally:
            for f in outs.values():
                f.close()

    def _band(self, band: int, outs) -> None:
        cfg = self.config
        files = self._files(band)
        total = sum(f.records for f in files)
        windows = max(1, math.ceil(total / cfg.window_records))
        for w in range(windows):
            hi = _SPACE if w == windows - 1 else (w + 1) * _SPACE // windows
            parts = [(f, f.take_below(hi)) for f in files]
            new = [(f, c) for f, c in parts if not f.index and len(c)]
            old = [(f, c) for f, c in parts if f.index and len(c)]

            def cat(group):
                if not group:
                    return np.empty(0, np.uint64), np.empty(0, np.uint64)
                hs = np.concatenate([c["h"] for _, c in group])
                ks = np.concatenate([layout.make_keys(f.task, c["doc"], f.index) for f, c in group])
                return hs, ks

            new_h, new_k = cat(new)
            a_parts, b_parts = [], []
            if not (self.only_in_index and self.index is not None):
                a, b = bucket_pairs(new_h, new_k)
                a_parts.append(a)
                b_parts.append(b)
            if old:
                a, b = index_pairs(new_h, new_k, *cat(old))
                a_parts.append(a)
                b_parts.append(b)
            if not a_parts:
                continue
            a, b = np.concatenate(a_parts), np.concatenate(b_parts)
            if not len(a):
                continue
            pairs = np.empty(len(a), dtype=layout.PAIR_DTYPE)
            pairs["a"], pairs["b"] = np.minimum(a, b), np.maximum(a, b)
            pairs = np.unique(pairs)
            self.stat_update("candidate_pairs", value=len(pairs))
            part = layout.partition_of(pairs["a"], pairs["b"], cfg.partitions)
            for p in np.unique(part):
                outs[int(p)].write(pairs[part == p].tobytes())
