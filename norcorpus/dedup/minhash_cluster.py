"""MinHash stage 4 (one task): connected components of the verified pairs, one representative each.

Connected components of verified pairs can chain (A~B, B~C, A and C far apart), so each component is split
into star clusters: its best document (a document of the index, a previous version, first; then the
highest priority; then the first in (task, position) order) becomes a representative, every member whose
true Jaccard with it reaches the threshold joins it, and the best of the rest starts the next cluster. So a
removed document is always a near-duplicate of the document that was kept in its place. After
`_MAX_CENTERS` representatives the remaining members are kept as they are (precision over recall). Memory grows with
the number of documents that have a verified near-duplicate (about 40 bytes each plus their ids), not
with the corpus: documents without one never reach this stage. Shingle sets are read and compared a chunk
(sets.CHUNK_VALUES shingles) at a time: all pairwise Jaccards of a chunk of small components come from one
sort of their values (sets.group_intersections), a large component's center is compared with its members
in one batch per chunk.

Writes, per ingest task, `TTTTT.parquet` with the clustered documents of that task in stream order:
id, cluster_id (the representative's id), cluster_size, keep, exact_copy (same text as the representative).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from norcorpus.dedup import layout
from norcorpus.dedup.components import connected_components
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.sets import (
    CHUNK_VALUES,
    chunk_bounds,
    group_intersections,
    jaccard_of,
    jaccards,
    ranges,
    sorted_unique,
)
from norcorpus.dedup.shingle_store import ShingleStore
from norcorpus.errors import InternalError

_MAX_CENTERS = 32
_SMALL = 24  # components up to this size get all pairwise Jaccards and the best-covering centers


class MinhashCluster(PipelineStep):
    type = "🫂 - DEDUP"
    name = "🎯 MinHash clusters"

    def __init__(
        self,
        edges_folder: DataFolderLike,
        signatures_folder: DataFolderLike,
        output_folder: DataFolderLike,
        config: MinhashConfig | None = None,
        index_folder: DataFolderLike | None = None,
    ):
        super().__init__()
        self.edges = get_datafolder(edges_folder)
        self.signatures = get_datafolder(signatures_folder)
        self.output_folder = get_datafolder(output_folder)
        self.config = config or MinhashConfig()
        self.index = get_datafolder(index_folder) if index_folder is not None else None

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        if world_size != 1:
            raise InternalError(f"MinhashCluster runs as one task (got {world_size})")
        with self.track_time():
            self._cluster()

    def _load_edges(self) -> np.ndarray:
        chunks = []
        for path in self.edges.list_files(glob_pattern="*.edges"):
            with self.edges.open(path, "rb") as f:
                chunks.append(np.frombuffer(f.read(), dtype=layout.EDGE_DTYPE))
        return np.concatenate(chunks) if chunks else np.empty(0, layout.EDGE_DTYPE)

    def _facts(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """priority, content hash and id of each node (nodes sorted, so grouped by folder and task)."""
        prio = np.zeros(len(nodes), np.int64)
        chash = np.zeros(len(nodes), np.uint64)
        ids: list[str] = [""] * len(nodes)
        groups = nodes >> np.uint64(32)
        starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1])))
        for s, e in zip(starts, np.append(starts[1:], len(nodes))):
            index, task, _ = layout.split_key(int(nodes[s]))
            folder = self.index if index else self.signatures
            table = pq.read_table(folder.open(layout.docs_file(task), "rb"), columns=["id", "priority", "content_hash"])
            pos = (nodes[s:e] & np.uint64(0xFFFFFFFF)).astype(np.int64)
            rows = table.take(pa.array(pos))
            prio[s:e] = rows["priority"].to_numpy()
            chash[s:e] = rows["content_hash"].to_numpy()
            ids[s:e] = rows["id"].to_pylist()
        return prio, chash, ids

    def _cluster(self) -> None:
        edges = self._load_edges()
        ends = np.concatenate((edges["a"], edges["b"]))
        nodes = sorted_unique(ends)
        inverse = np.searchsorted(nodes, ends)
        del ends
        self.stat_update("edges", value=len(edges))
        if not len(nodes):
            return
        m = len(edges)
        del edges
        comp = connected_components(len(nodes), inverse[:m], inverse[m:])
        del inverse
        prio, chash, ids = self._facts(nodes)
        is_index = (nodes >> np.uint64(63)).astype(np.int64)
        # best first: index, then highest priority, then smallest key (nodes are sorted: use their rank)
        order = np.lexsort((np.arange(len(nodes)), -prio, -is_index, comp))
        rep, size = self._stars(nodes, comp, order, is_index, prio)
        keep = rep == np.arange(len(nodes))
        exact = chash == chash[rep]
        # per representative: how many exact copies of it are dropped (the corpus's duplicate_count)
        exact_copies = np.bincount(rep[exact & ~keep], minlength=len(nodes))
        self.stat_update("clusters", value=int(keep.sum()))
        self.stat_update("clustered_documents", value=len(nodes))
        new = np.flatnonzero(is_index == 0)
        self.stat_update("to_remove", value=int((~keep[new]).sum()))
        tasks = (nodes[new] >> np.uint64(32)).astype(np.int64)
        for task in np.unique(tasks):
            sel = new[tasks == task]  # already in position order
            table = pa.table(
                {
                    "id": pa.array([ids[i] for i in sel], pa.string()),
                    "cluster_id": pa.array([ids[i] for i in rep[sel]], pa.string()),
                    "cluster_size": pa.array(size[sel], pa.int32()),
                    "keep": pa.array(keep[sel]),
                    "exact_copy": pa.array(exact[sel]),
                    "exact_copies": pa.array(exact_copies[sel], pa.int32()),
                }
            )
            with self.output_folder.open(f"{int(task):05d}.parquet", "wb") as f:
                pq.write_table(table, f, compression="zstd")

    def _stars(self, nodes, comp, order, is_index, prio) -> tuple[np.ndarray, np.ndarray]:
        """Representative (node index) and star-cluster size of every node."""
        store = ShingleStore(self.signatures, self.index)
        rep = np.arange(len(nodes))
        size = np.ones(len(nodes), np.int64)
        comp_sorted = comp[order]
        starts = np.flatnonzero(np.concatenate(([True], comp_sorted[1:] != comp_sorted[:-1])))
        counts = np.diff(np.append(starts, len(order)))
        # a component of two whose second member is not from the index is one verified pair: nothing to
        # split, the first (best) member represents it
        two = counts == 2
        two[two] = is_index[order[starts[two] + 1]] == 0
        first, second = order[starts[two]], order[starts[two] + 1]
        rep[second] = first
        size[first] = size[second] = 2
        small = np.flatnonzero(~two & (counts <= _SMALL))
        for chunk in self._chunks(store, nodes, order, starts[small], counts[small]):
            self._small_stars(chunk, nodes, is_index, prio, store, rep, size)
        for s, n in zip(starts[counts > _SMALL].tolist(), counts[counts > _SMALL].tolist()):
            self._large_stars(order[s : s + n].tolist(), nodes, is_index, store, rep, size)
        return rep, size

    def _chunks(self, store, nodes, order, starts, counts):
        """Lists of components (member node indices, best first) holding about CHUNK_VALUES shingles."""
        if not len(starts):
            return
        members = order[ranges(starts, counts)]
        by_key = np.sort(members)  # nodes are sorted, so this is key order
        lengths = store.lengths(nodes[by_key])[np.searchsorted(by_key, members)]
        per_comp = np.add.reduceat(lengths, np.concatenate(([0], np.cumsum(counts)[:-1])))
        firsts = np.concatenate(([0], np.cumsum(counts)))
        for c0, c1 in chunk_bounds(per_comp, CHUNK_VALUES):
            yield [members[firsts[c] : firsts[c + 1]].tolist() for c in range(c0, c1)]

    def _small_stars(self, comps: list[list[int]], nodes, is_index, prio, store, rep, size) -> None:
        """Greedy set cover: within the best tier (index, then priority) take the member that has the most
        unassigned near-duplicates as the next representative; members are in best-first order. All
        pairwise Jaccards of a chunk of components come from one pass (sets.group_intersections)."""
        flat = np.array([m for c in comps for m in c], dtype=np.int64)
        group = np.repeat(np.arange(len(comps)), [len(c) for c in comps])
        slot = np.concatenate([np.arange(len(c)) for c in comps])
        keys = nodes[flat]
        order = np.argsort(keys)  # the store reads in key order
        values, offsets = store.load(keys[order])
        inters = group_intersections(values, offsets, group[order], slot[order], len(comps))
        for members, inter in zip(comps, inters):
            sizes = np.diag(inter)
            near = jaccard_of(inter, sizes[:, None], sizes[None, :]) >= self.config.threshold
            self._cover(members, near, is_index, prio, rep, size)

    @staticmethod
    def _cover(members: list[int], near: np.ndarray, is_index, prio, rep, size) -> None:
        left = list(range(len(members)))
        while left:
            # candidates: the members of the best tier still unassigned (same index flag and priority)
            best = members[left[0]]
            tier = (is_index[best], prio[best])
            same_tier = [i for i in left if (is_index[members[i]], prio[members[i]]) == tier]
            center = max(same_tier, key=lambda i: (int(near[i, left].sum()), -i))
            joined = [i for i in left if i != center and near[center, i] and not is_index[members[i]]]
            rep[[members[i] for i in joined]] = members[center]
            size[[members[center], *(members[i] for i in joined)]] = 1 + len(joined)
            taken = {center, *joined}
            left = [i for i in left if i not in taken]

    def _large_stars(self, members: list[int], nodes, is_index, store, rep, size) -> None:
        """Stars around the best member still left, up to _MAX_CENTERS of them; the rest stay as they are."""
        threshold = self.config.threshold
        left = members
        centers = 0
        while left and centers < _MAX_CENTERS:
            center, rest = left[0], left[1:]
            cand = np.array([m for m in rest if not is_index[m]], dtype=np.int64)
            near = self._near_center(store, nodes, center, cand) >= threshold
            joined = cand[near].tolist()
            rep[joined] = center
            size[[center, *joined]] = 1 + len(joined)
            taken = set(joined)
            left = [m for m in rest if m not in taken]
            centers += 1

    @staticmethod
    def _near_center(store, nodes, center: int, cand: np.ndarray) -> np.ndarray:
        """Jaccard of the center with each candidate; candidates are read a chunk at a time."""
        out = np.zeros(len(cand), np.float64)
        if not len(cand):
            return out
        by_key = np.sort(cand)  # nodes are sorted, so this is key order
        lengths = store.lengths(nodes[by_key])[np.searchsorted(by_key, cand)]
        for s, e in chunk_bounds(lengths, CHUNK_VALUES):
            keys = np.sort(np.append(nodes[cand[s:e]], nodes[center]))
            values, offsets = store.load(keys)
            ia = np.full(e - s, np.searchsorted(keys, nodes[center]))
            out[s:e] = jaccards(values, offsets, ia, np.searchsorted(keys, nodes[cand[s:e]]))
        return out
