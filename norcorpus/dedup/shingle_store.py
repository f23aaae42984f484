"""Batched reads of the shingle sets that MinhashSignature wrote (of this build or of an index).

A batch of document keys is read with one open file per ingest task and one read per run of nearby sets
(sets at most `_GAP` values apart are read together with what lies between), instead of one open and
read per set: the verify and cluster stages ask for thousands of sets at a time. The gap is small (4 KB,
about one document's set), so what is read stays within ~2x of what is wanted however large the file is.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from datatrove.io import DataFolder

from norcorpus.dedup import layout
from norcorpus.dedup.sets import ranges
from norcorpus.errors import InternalError

_CACHED_TASKS = 64  # offset tables kept in memory (8 bytes per document of each)
_GAP = 1 << 10  # values (4 bytes) between two wanted sets that are read through rather than seeked over


class ShingleStore:
    def __init__(self, signatures: DataFolder, index: DataFolder | None = None):
        self.folders = {False: signatures, True: index}
        self._offsets: OrderedDict[tuple[bool, int], np.ndarray] = OrderedDict()

    def _task_offsets(self, index: bool, task: int) -> np.ndarray:
        key = (index, task)
        off = self._offsets.get(key)
        if off is None:
            folder = self.folders[index]
            if folder is None:
                raise InternalError("a candidate pair names an index document but no index folder was given")
            with folder.open(layout.offsets_file(task), "rb") as f:
                off = np.frombuffer(f.read(), dtype="<u8").astype(np.int64)
            self._offsets[key] = off
            if len(self._offsets) > _CACHED_TASKS:
                self._offsets.popitem(last=False)
        else:
            self._offsets.move_to_end(key)
        return off

    @staticmethod
    def _groups(keys: np.ndarray):
        """(index, task, slice) of each run of keys of one ingest task (keys sorted)."""
        high = keys >> np.uint64(32)
        starts = np.flatnonzero(np.concatenate(([True], high[1:] != high[:-1]))) if len(keys) else []
        ends = list(starts[1:]) + [len(keys)]
        for s, e in zip(starts, ends):
            index, task, _ = layout.split_key(int(keys[s]))
            yield index, task, slice(int(s), int(e))

    def _spans(self, keys: np.ndarray):
        for index, task, sl in self._groups(keys):
            off = self._task_offsets(index, task)
            pos = (keys[sl] & np.uint64(0xFFFFFFFF)).astype(np.int64)
            yield index, task, sl, off[pos], off[pos + 1]

    def lengths(self, keys: np.ndarray) -> np.ndarray:
        """Number of shingles of each document (keys sorted and unique)."""
        out = np.zeros(len(keys), np.int64)
        for _, _, sl, start, end in self._spans(keys):
            out[sl] = end - start
        return out

    def load(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values, offsets) of the documents' shingle sets, in the order of `keys` (sorted and unique)."""
        lens = self.lengths(keys)
        offsets = np.concatenate(([0], np.cumsum(lens)))
        values = np.empty(int(offsets[-1]), dtype=np.uint32)
        for index, task, sl, start, end in self._spans(keys):
            # runs of sets close together in the file become one read
            cut = np.flatnonzero(start[1:] - end[:-1] > _GAP) + 1
            firsts, lasts = np.concatenate(([0], cut)), np.concatenate((cut, [len(start)]))
            parts, shift = [], np.empty(len(start), np.int64)
            size = 0
            with self.folders[index].open(layout.shingles_file(task), "rb") as f:
                for i0, i1 in zip(firsts.tolist(), lasts.tolist()):
                    lo, hi = int(start[i0]), int(end[i1 - 1])
                    f.seek(lo * 4)
                    data = f.read((hi - lo) * 4)
                    if len(data) != (hi - lo) * 4:
                        name = layout.shingles_file(task)
                        raise InternalError(f"shingle file {name} is shorter than its offsets")
                    parts.append(np.frombuffer(data, dtype="<u4"))
                    shift[i0:i1] = size - lo
                    size += hi - lo
            buf = np.concatenate(parts)
            values[offsets[sl.start] : offsets[sl.stop]] = buf[ranges(start + shift, end - start)]
        return values, offsets

    def shingles(self, key: int) -> np.ndarray:
        """One document's shingle set."""
        values, _ = self.load(np.array([key], dtype=np.uint64))
        return values
