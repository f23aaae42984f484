"""MinHash select step: tag every document with its cluster, drop the ones that are not representatives.

Tags (every document): `cluster_id` (str, the representative's id; the document's own id when it has no
near-duplicate), `cluster_size` (int, 1 when alone) and `duplicate_count` (exact copies of it that were
dropped). Drops are counted per source as `exact_duplicate` (same normalized text as the representative)
or `near_duplicate`: one survivor rule, the cluster's, decides both.
Optionally writes the cluster table `id, cluster_id, cluster_size` of every document the step sees.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.writers.disk_base import DiskWriter

from norcorpus.filters.base import AccountedFilter

NEAR_DUPLICATE = "near_duplicate"
EXACT_DUPLICATE = "exact_duplicate"
CLUSTER_ID = "cluster_id"
CLUSTER_SIZE = "cluster_size"
DUPLICATE_COUNT = "duplicate_count"


class MinhashFilter(AccountedFilter):
    type = "🫂 - DEDUP"
    name = "🎯 MinHash filter"

    def __init__(
        self,
        clusters_folder: DataFolderLike,
        table_folder: DataFolderLike | None = None,
        exclusion_writer: DiskWriter | None = None,
    ):
        super().__init__(exclusion_writer)
        self.clusters = get_datafolder(clusters_folder)
        self.table_folder = get_datafolder(table_folder) if table_folder is not None else None
        self._members: dict[str, tuple[str, int, bool, bool, int]] = {}
        self._rows: dict[str, list] = {}

    def _load(self, rank: int) -> None:
        self._members = {}
        path = f"{rank:05d}.parquet"
        if not self.clusters.exists(path):  # no document of this task has a near-duplicate
            return
        with self.clusters.open(path, "rb") as f:
            t = pq.read_table(f).to_pydict()
        copies = t.get("exact_copies") or [0] * len(t["id"])
        for doc_id, cid, size, keep, exact, n_copies in zip(
            t["id"], t["cluster_id"], t["cluster_size"], t["keep"], t["exact_copy"], copies, strict=True
        ):
            self._members[doc_id] = (cid, size, keep, exact, n_copies)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        cid, size, keep, exact, n_copies = self._members.get(str(doc.id), (str(doc.id), 1, True, False, 0))
        doc.metadata[CLUSTER_ID] = cid
        doc.metadata[CLUSTER_SIZE] = size
        doc.metadata[DUPLICATE_COUNT] = n_copies
        if self.table_folder is not None:
            self._rows["id"].append(str(doc.id))
            self._rows["cluster_id"].append(cid)
            self._rows["cluster_size"].append(size)
        if keep:
            return True
        return False, EXACT_DUPLICATE if exact else NEAR_DUPLICATE

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        self._load(rank)
        self._rows = {"id": [], "cluster_id": [], "cluster_size": []}
        yield from super().run(data, rank, world_size)
        if self.table_folder is not None:
            table = pa.table(
                {
                    "id": pa.array(self._rows["id"], pa.string()),
                    "cluster_id": pa.array(self._rows["cluster_id"], pa.string()),
                    "cluster_size": pa.array(self._rows["cluster_size"], pa.int32()),
                }
            )
            with self.table_folder.open(f"{rank:05d}.parquet", "wb") as f:
                pq.write_table(table, f, compression="zstd")
