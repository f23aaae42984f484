"""MinHash stage 3: keep the candidate pairs whose true Jaccard on the shingle sets reaches the threshold.

LSH bands are tuned for recall, so many candidates are below the threshold; checking the exact Jaccard of
the stored shingle sets is what keeps precision high. Task p verifies partitions p, p+W, ... (its memory is
a partition's distinct pairs: raise `partitions` with the corpus). A pair whose set sizes alone rule the
threshold out (J <= smaller / larger) is dropped unread; the others are compared in chunks of about
`CHUNK_VALUES` shingles, read in one batch per chunk (sets.py, shingle_store.py), so the shingles held
at once stay bounded however large the partition is.
"""

from __future__ import annotations

import numpy as np
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from norcorpus.dedup import layout
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.sets import CHUNK_VALUES, can_reach, chunk_bounds, jaccards, sorted_unique, unique_pairs
from norcorpus.dedup.shingle_store import ShingleStore


def read_pairs(folder, paths: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct candidate pairs of several .pairs files, sorted by (a, b)."""
    chunks = []
    for path in paths:
        with folder.open(path, "rb") as f:
            chunks.append(np.frombuffer(f.read(), dtype=layout.PAIR_DTYPE))
    pairs = np.concatenate(chunks) if chunks else np.empty(0, layout.PAIR_DTYPE)
    return unique_pairs(pairs["a"].copy(), pairs["b"].copy())


class MinhashVerify(PipelineStep):
    type = "🫂 - DEDUP"
    name = "🎯 MinHash verify"

    def __init__(
        self,
        candidates_folder: DataFolderLike,
        signatures_folder: DataFolderLike,
        output_folder: DataFolderLike,
        config: MinhashConfig | None = None,
        index_folder: DataFolderLike | None = None,
    ):
        super().__init__()
        self.candidates = get_datafolder(candidates_folder)
        self.signatures = get_datafolder(signatures_folder)
        self.output_folder = get_datafolder(output_folder)
        self.config = config or MinhashConfig()
        self.index = get_datafolder(index_folder) if index_folder is not None else None

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        for part in range(rank, self.config.partitions, world_size):
            with self.track_time():
                self._partition(part)

    def _partition(self, part: int) -> None:
        paths = self.candidates.list_files(subdirectory=f"{part:05d}", glob_pattern="*.pairs")
        a, b = read_pairs(self.candidates, paths)
        store = ShingleStore(self.signatures, self.index)
        threshold = self.config.threshold
        docs = sorted_unique(np.concatenate((a, b)))
        sizes = store.lengths(docs)
        len_a, len_b = sizes[np.searchsorted(docs, a)], sizes[np.searchsorted(docs, b)]
        del docs, sizes
        todo = np.flatnonzero(can_reach(len_a, len_b, threshold))
        keep = np.zeros(len(a), bool)
        j = np.zeros(len(a), np.float64)
        for s, e in chunk_bounds(len_a[todo] + len_b[todo], CHUNK_VALUES):
            sel = todo[s:e]
            keys = sorted_unique(np.concatenate((a[sel], b[sel])))
            values, offsets = store.load(keys)
            j[sel] = jaccards(values, offsets, np.searchsorted(keys, a[sel]), np.searchsorted(keys, b[sel]))
            keep[sel] = j[sel] >= threshold
        self.stat_update("candidates", value=len(a))
        self.stat_update("size_ruled_out", value=len(a) - len(todo))
        self.stat_update("verified", value=int(keep.sum()))
        edges = np.empty(int(keep.sum()), dtype=layout.EDGE_DTYPE)  # in (a, b) order
        edges["a"], edges["b"], edges["j"] = a[keep], b[keep], j[keep]
        with self.output_folder.open(f"{part:05d}.edges", "wb") as f:
            f.write(edges.tobytes())
