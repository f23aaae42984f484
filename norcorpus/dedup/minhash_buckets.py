"""MinHash stage 2: LSH buckets → candidate pairs, one band at a time, in bounded memory.

Task r of W handles bands r, r+W, ... For a band, the sorted bucket files of all ingest tasks (and of an
index) are read one hash window at a time: the hash space is cut into as many equal windows as needed for
a window to hold about `window_records` records (band hashes are uniform), and each file is read from
where the previous window stopped up to a binary-searched end. Each file is sorted by (hash, doc) and the
files are concatenated in task order, so a stable sort by hash alone (a merge of sorted runs) puts a
window in (hash, key) order; documents with an equal band hash form a bucket. A bucket of n documents
yields at most 2n candidate pairs (each member with the bucket's first member, and with its neighbour),
never n², so a boilerplate page copied a million times costs a million pairs, not 10^12.

A near-duplicate pair shares many bands, so the pairs of a task's bands are collected (up to
`window_records` pairs) and made distinct before they are written: up to `bands` times fewer pairs to
write and to verify. Pairs go to `partitions` files by a hash of the pair, one file per (partition, task)
(a sorted run of distinct pairs per collection), rewritten whole when a task reruns.
"""

from __future__ import annotations

import math

import numpy as np
from datatrove.io import DataFolder, DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from norcorpus.dedup import layout
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.sets import unique_pairs
from norcorpus.errors import ConfigError, InternalError

_SPACE = 1 << 64
_REC = layout.SIG_DTYPE.itemsize


class _SortedSigFile:
    """One band's section of a task's bucket file, read window by window: only the current window's records
    are in memory. Every band has one record per document with shingles, so the sections are equal."""

    def __init__(self, folder: DataFolder, path: str, size: int, index: bool, band: int, bands: int):
        if size % (_REC * bands):
            raise InternalError(f"bucket file {path} is not {bands} bands of {_REC}-byte records")
        self.folder, self.path, self.index = folder, path, index
        self.task = layout.task_of_sig_path(path)
        self.records = size // (_REC * bands)
        self.base = band * self.records * _REC
        self.pos = 0

    def _hash_at(self, f, i: int) -> int:
        f.seek(self.base + i * _REC)
        return int(np.frombuffer(f.read(8), dtype="<u8")[0])

    def take_below(self, hi: int) -> np.ndarray:
        """Keys and hashes of the records from the current position with hash < hi."""
        with self.folder.open(self.path, "rb") as f:
            lo_i, hi_i = self.pos, self.records
            if hi >= _SPACE:  # the last window: everything that is left, no search
                lo_i = hi_i
            while lo_i < hi_i:  # first record with hash >= hi
                mid = (lo_i + hi_i) // 2
                if self._hash_at(f, mid) < hi:
                    lo_i = mid + 1
                else:
                    hi_i = mid
            f.seek(self.base + self.pos * _REC)
            chunk = np.frombuffer(f.read((lo_i - self.pos) * _REC), dtype=layout.SIG_DTYPE)
        self.pos = lo_i
        return chunk


def _in_bucket_order(hashes: np.ndarray, keys: np.ndarray) -> bool:
    """True when the records are sorted by (hash, key), as one bucket file is."""
    if len(hashes) < 2:
        return True
    up = hashes[1:] > hashes[:-1]
    return bool((up | ((hashes[1:] == hashes[:-1]) & (keys[1:] > keys[:-1]))).all())


def bucket_pairs(hashes: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs of documents sharing a hash: (first member, member) and (previous, member). Records
    in (hash, key) order (a window of bucket files) are used as they are; others are sorted first."""
    if len(hashes) < 2:
        return np.empty(0, np.uint64), np.empty(0, np.uint64)
    if not _in_bucket_order(hashes, keys):
        order = np.lexsort((keys, hashes))
        hashes, keys = hashes[order], keys[order]
    h, k = hashes, keys
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
    if not _in_bucket_order(idx_h, idx_k):
        order = np.lexsort((idx_k, idx_h))
        idx_h, idx_k = idx_h[order], idx_k[order]
    first = np.concatenate(([True], idx_h[1:] != idx_h[:-1]))  # the smallest key of each bucket
    uh, uk = idx_h[first], idx_k[first]
    pos = np.minimum(np.searchsorted(uh, new_h), len(uh) - 1)
    hit = uh[pos] == new_h
    return new_k[hit], uk[pos[hit]]


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

    def _listing(self) -> list[tuple[DataFolder, str, int, bool]]:
        """(folder, path, size, is index) of every non-empty bucket file, in key order (this build's tasks,
        then the index's), so that a band's windows can be merged by hash alone."""
        found = []
        for folder, index in ((self.signatures, False), (self.index, True)):
            if folder is None:
                continue
            for path in folder.list_files(subdirectory=layout.BUCKETS_DIR, glob_pattern="*.sig"):
                size = folder.size(path)
                if size:
                    found.append((folder, path, size, index))
        return sorted(found, key=lambda x: (x[3], layout.task_of_sig_path(x[1])))

    def _check_format(self, folder: DataFolder, index: bool) -> None:
        """Signatures hashed or laid out another way (older code, other n-gram or bands) would silently match
        nothing: an index of a previous version, or this run's own folder when a resumed build kept
        signatures that an older norcorpus wrote."""
        want = layout.signature_format(self.config)
        have = None
        if folder.exists(layout.FORMAT_FILE):
            with folder.open(layout.FORMAT_FILE, "r") as f:
                have = f.read()
        if have != want:
            what = f"the index {folder.path}" if index else f"the signature folder {folder.path}"
            hint = (
                "rebuild the previous version with this norcorpus and the same MinHash ngram, bands, rows, seed"
                if index
                else "remove the work folder (or the build's .work/decide-* folder) and run again"
            )
            raise ConfigError(
                f"{what} holds signatures of another format ({have or 'before format 2'}; this norcorpus "
                f"writes {want})",
                hint=hint,
            )

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        cfg = self.config
        if self.index is not None:
            self._check_format(self.index, index=True)
        self._check_format(self.signatures, index=False)
        outs = {
            p: self.output_folder.open(f"{p:05d}/r{rank:05d}.pairs", "wb") for p in range(cfg.partitions)
        }
        pending: list[tuple[np.ndarray, np.ndarray]] = []
        held = 0
        listing = self._listing()
        try:
            for band in range(rank, cfg.bands, world_size):
                with self.track_time():
                    files = [_SortedSigFile(fo, p, size, ix, band, cfg.bands) for fo, p, size, ix in listing]
                    for a, b in self._band(files):
                        pending.append((a, b))
                        held += len(a)
                        if held >= cfg.window_records:
                            self._flush(pending, outs)
                            held = 0
            with self.track_time():
                self._flush(pending, outs)
        finally:
            for f in outs.values():
                f.close()

    def _flush(self, pending: list[tuple[np.ndarray, np.ndarray]], outs) -> None:
        """Write the distinct pending pairs, each to its partition's file, in (a, b) order."""
        if not pending:
            return
        a, b = unique_pairs(np.concatenate([x for x, _ in pending]), np.concatenate([y for _, y in pending]))
        pending.clear()
        self.stat_update("candidate_pairs", value=len(a))
        part = layout.partition_of(a, b, self.config.partitions)
        order = np.argsort(part, kind="stable")  # keeps (a, b) order inside a partition
        bounds = np.searchsorted(part[order], np.arange(self.config.partitions + 1))
        pairs = np.empty(len(a), dtype=layout.PAIR_DTYPE)
        pairs["a"], pairs["b"] = a[order], b[order]
        for p in range(self.config.partitions):
            if bounds[p + 1] > bounds[p]:
                outs[p].write(pairs[bounds[p] : bounds[p + 1]].tobytes())

    def _band(self, files: list[_SortedSigFile]):
        """The candidate pairs (a < b) of one band, a window at a time."""
        cfg = self.config
        total = sum(f.records for f in files)
        windows = max(1, math.ceil(total / cfg.window_records))
        for w in range(windows):
            hi = _SPACE if w == windows - 1 else (w + 1) * _SPACE // windows
            parts = [(f, f.take_below(hi)) for f in files]
            new_h, new_k = _merge([(f, c) for f, c in parts if not f.index and len(c)])
            old = [(f, c) for f, c in parts if f.index and len(c)]
            del parts
            if not (self.only_in_index and self.index is not None):
                a, b = bucket_pairs(new_h, new_k)
                if len(a):
                    yield np.minimum(a, b), np.maximum(a, b)
            if old:
                a, b = index_pairs(new_h, new_k, *_merge(old))
                if len(a):
                    yield np.minimum(a, b), np.maximum(a, b)


def _merge(group: list[tuple[_SortedSigFile, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes and keys of windows of files in key order, merged into (hash, key) order."""
    if not group:
        return np.empty(0, np.uint64), np.empty(0, np.uint64)
    hs = np.concatenate([c["h"] for _, c in group])
    ks = np.concatenate([layout.make_keys(f.task, c["doc"], f.index) for f, c in group])
    if len(group) > 1:
        # each window is sorted by (hash, doc) and the windows come in key order, so a stable sort by hash
        # (timsort: a merge of the sorted runs) gives (hash, key) order
        order = np.argsort(hs, kind="stable")
        hs, ks = hs[order], ks[order]
    return hs, ks
