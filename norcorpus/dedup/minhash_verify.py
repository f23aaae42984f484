"""MinHash stage 3: keep the candidate pairs whose true Jaccard on the shingle sets reaches the threshold.

LSH bands are tuned for recall, so many candidates are below the threshold; checking the exact Jaccard of
the stored shingle sets is what keeps precision high. Task p verifies partition p (its memory is the
partition's distinct pairs: raise `partitions` with the corpus). Pairs are sorted by their first document
so each document's shingles are read once per run of pairs.
"""

from __future__ import annotations

import numpy as np
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from norcorpus.dedup import layout
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.shingle_store import ShingleStore
from norcorpus.dedup.shingles import jaccard


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
        chunks = []
        for path in self.candidates.list_files(subdirectory=f"{part:05d}", glob_pattern="*.pairs"):
            with self.candidates.open(path, "rb") as f:
                chunks.append(np.frombuffer(f.read(), dtype=layout.PAIR_DTYPE))
        pairs = np.unique(np.concatenate(chunks)) if chunks else np.empty(0, layout.PAIR_DTYPE)  # sorted by a
        store = ShingleStore(self.signatures, self.index)
        threshold = self.config.threshold
        kept = []
        last_a, sa = None, None
        for a, b in zip(pairs["a"].tolist(), pairs["b"].tolist()):
            if a != last_a:
                last_a, sa = a, store.shingles(a)
            j = jaccard(sa, store.shingles(b))
            if j >= threshold:
                kept.append((a, b, j))
        self.stat_update("candidates", value=len(pairs))
        self.stat_update("verified", value=len(kept))
        edges = np.array(kept, dtype=layout.EDGE_DTYPE) if kept else np.empty(0, layout.EDGE_DTYPE)
        with self.output_folder.open(f"{part:05d}.edges", "wb") as f:
            f.write(edges.tobytes())
