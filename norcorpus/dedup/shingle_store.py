"""Random access to the shingle sets that MinhashSignature wrote (of this build or of an index)."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from datatrove.io import DataFolder

from norcorpus.dedup import layout
from norcorpus.errors import InternalError

_CACHED_TASKS = 64  # offset tables kept in memory (8 bytes per document of each)


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
                off = np.frombuffer(f.read(), dtype="<u8")
            self._offsets[key] = off
            if len(self._offsets) > _CACHED_TASKS:
                self._offsets.popitem(last=False)
        else:
            self._offsets.move_to_end(key)
        return off

    def shingles(self, key: int) -> np.ndarray:
        index, task, pos = layout.split_key(key)
        off = self._task_offsets(index, task)
        start, end = int(off[pos]), int(off[pos + 1])
        with self.folders[index].open(layout.shingles_file(task), "rb") as f:
            f.seek(start * 4)
            return np.frombuffer(f.read((end - start) * 4), dtype="<u4")
