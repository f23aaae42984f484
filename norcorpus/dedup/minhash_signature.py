"""MinHash stage 1 (end of ingest): shingles, LSH band hashes and document facts of each task's documents.

Passes documents through unchanged (in order, a batch at a time), so it can sit anywhere after the staged
writer; positions count the documents this step sees, which must be the stream the select stage reads back
for the same task.
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

from norcorpus.batching import text_batches
from norcorpus.dedup import layout
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.shingles import MinHasher, Shingler
from norcorpus.errors import InternalError

# Documents are shingled and hashed in batches of about this many characters (or documents): large enough
# to amortize numpy's per-call cost (~40 documents of 3k characters), small enough that the temporaries
# stay ~10 MB (about 40 bytes per character). Larger batches measured no faster.
_BATCH_CHARS = 1 << 17
_BATCH_DOCS = 4096


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
        bands: list[np.ndarray] = []  # per batch: (documents with shingles × bands) band hashes
        ids: list[str] = []
        priorities: list[int] = []
        chashes: list[int] = []
        counts: list[np.ndarray] = []
        with self.output_folder.open(layout.shingles_file(rank), "wb") as shingle_out:

            def flush(batch: list[Document]) -> list[Document]:
                # one numpy pass per batch: per-document numpy calls cost more than the hashing itself
                with self.track_time(unit="batch"):
                    for doc in batch:
                        prio = self.priority(doc) if self.priority else 1
                        if not 1 <= prio <= 65535:
                            raise InternalError(f"document priority {prio} of {doc.id} is outside 1..65535")
                        ids.append(str(doc.id))
                        priorities.append(prio)
                        chashes.append(content_hash(doc.text))
                    shingles, offsets = shingler.batch([doc.text for doc in batch])
                    n = np.diff(offsets)
                    counts.append(n)
                    bands.append(hasher.band_hashes(hasher.signatures(shingles, offsets))[n > 0])
                    shingle_out.write(shingles.astype("<u4", copy=False).tobytes())
                    self.stat_update(StatHints.total, value=len(batch))
                    empty = int(np.count_nonzero(n == 0))
                    if empty:  # nothing to compare (no words): stays a singleton
                        self.stat_update("no_shingles", value=empty)
                return batch

            for batch in text_batches(data or (), _BATCH_CHARS, _BATCH_DOCS):
                yield from flush(batch)
        with self.track_time():
            with self.output_folder.open(layout.FORMAT_FILE, "w") as f:  # every task writes the same text
                f.write(layout.signature_format(cfg))
            n = np.concatenate(counts) if counts else np.empty(0, np.int64)
            offsets = np.concatenate(([0], np.cumsum(n)))
            with self.output_folder.open(layout.offsets_file(rank), "wb") as f:
                f.write(offsets.astype("<u8").tobytes())
            positions = np.flatnonzero(n > 0).astype("<u4")
            band_h = np.concatenate(bands) if bands else np.empty((0, cfg.bands), np.uint64)
            with self.output_folder.open(layout.sig_file(rank), "wb") as f:
                for b in range(cfg.bands):  # one section per band, in band order
                    # positions ascend, so a stable sort by hash is the (hash, doc) order: ~6x faster than
                    # sorting the records by both fields
                    order = np.argsort(band_h[:, b], kind="stable")
                    records = np.empty(len(positions), dtype=layout.SIG_DTYPE)
                    records["h"] = band_h[order, b]
                    records["doc"] = positions[order]
                    f.write(records.tobytes())
            table = pa.table(
                {
                    "id": pa.array(ids, pa.string()),
                    "priority": pa.array(priorities, pa.uint16()),
                    "content_hash": pa.array(chashes, pa.uint64()),
                    "shingles": pa.array(n, pa.uint32()),
                }
            )
            with self.output_folder.open(layout.docs_file(rank), "wb") as f:
                pq.write_table(table, f, compression="zstd")
