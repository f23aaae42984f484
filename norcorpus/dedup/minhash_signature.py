"""MinHash stage 1 (end of ingest): shingles, LSH band hashes and document facts of each task's documents.

Passes documents through unchanged, so it can sit anywhere after the staged writer; positions count the
documents this step sees, which must be the stream the select stage reads back for the same task.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash
from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from norcorpus.dedup import layout
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.shingles import MinHasher, Shingler
from norcorpus.errors import InternalError


def content_hash(text: str) -> int:
    """64-bit hash of the (already normalized) text: equal texts are exact copies."""
    return xxhash.xxh3_64_intdigest(text)


class MinhashSignature(PipelineStep):
    type = "🫂 - DEDUP"
    name = "🎯 MinHash signatures"

    def __init__(
        self,
        output_folder: DataFolderLike,
        config: MinhashConfig | None = None,
        priority: Callable[[Document], int] | None = None,
    ):
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.config = config or MinhashConfig()
        self.priority = priority  # e.g. norcorpus.dedup.exact.SourcePriority; higher survives; None: all 1

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cfg = self.config
        shingler, hasher = Shingler(cfg.ngram), MinHasher(cfg.bands, cfg.rows, cfg.seed)
        bands: list[list[np.ndarray]] = [[] for _ in range(cfg.bands)]
        ids: list[str] = []
        priorities: list[int] = []
        chashes: list[int] = []
        counts: list[int] = []
        offsets = [0]
        with self.output_folder.open(layout.shingles_file(rank), "wb") as shingle_out:
            for doc in data or ():
                with self.track_time():
                    self.stat_update(StatHints.total)
                    shingles = shingler(doc.text)
                    prio = self.priority(doc) if self.priority else 1
                    if not 1 <= prio <= 65535:
                        raise InternalError(f"document priority {prio} of {doc.id} is outside 1..65535")
                    ids.append(str(doc.id))
                    priorities.append(prio)
                    chashes.append(content_hash(doc.text))
                    counts.append(len(shingles))
                    if len(shingles):
                        band_h = hasher.band_hashes(hasher.signature(shingles))
                        for b in range(cfg.bands):
                            bands[b].append(band_h[b])
                        shingle_out.write(shingles.tobytes())
                    else:  # nothing to compare (no words): stays a singleton
                        self.stat_update("no_shingles")
                    offsets.append(offsets[-1] + len(shingles))
                yield doc
        with self.track_time():
            with self.output_folder.open(layout.offsets_file(rank), "wb") as f:
                f.write(np.asarray(offsets, dtype="<u8").tobytes())
            positions = np.flatnonzero(np.asarray(counts) > 0).astype("<u4")
            for b in range(cfg.bands):
                records = np.empty(len(positions), dtype=layout.SIG_DTYPE)
                records["h"] = np.asarray(bands[b], dtype=np.uint64)
                records["doc"] = positions
                records.sort(order=["h", "doc"])
                with self.output_folder.open(layout.sig_file(b, rank), "wb") as f:
                    f.write(records.tobytes())
            table = pa.table(
                {
                    "id": pa.array(ids, pa.string()),
                    "priority": pa.array(priorities, pa.uint16()),
                    "content_hash": pa.array(chashes, pa.uint64()),
                    "shingles": pa.array(counts, pa.uint32()),
                }
            )
            with self.output_folder.open(layout.docs_file(rank), "wb") as f:
                pq.write_table(table, f, compression="zstd")
