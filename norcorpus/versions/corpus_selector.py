"""The select stage of a MinHash build on Arrow tables: drop duplicates, tag clusters, count, write the corpus.

It does what `StagedReader → MinhashFilter → KeptCounter → CorpusWriter` do one document at a time (still
the select stage when MinHash is off), column by column: the task's staged rows are read in batches, the
cluster table decides which rows survive and fills `cluster_id`, `cluster_size` and `duplicate_count`,
the counts per source × language come from the columns, and the rows of each language × source go to
their partition file in the same order, batches and settings as CorpusWriter's. Why: in datatrove's
document model the stage builds a Python object per document read and a dict per document written; on the
tables it is mostly the Parquet reading and writing (select stage 1.4 → 0.9 CPU-seconds per 100 MB of
input, benchmarks/pipeline_bench.py). tests/test_corpus_selector.py checks that both write the same bytes
and count the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import IO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolder, DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers.parquet import DEFAULT_CDC_OPTIONS
from datatrove.utils.typeshelper import StatHints

from norcorpus.dedup.minhash_filter import (
    CLUSTER_ID,
    CLUSTER_SIZE,
    DUPLICATE_COUNT,
    EXACT_DUPLICATE,
    NEAR_DUPLICATE,
)
from norcorpus.normalize.unicode_normalizer import ODD_SPACES
from norcorpus.schema import CORPUS_SCHEMA
from norcorpus.versions.accounting import KeptMetric, drop_label, kept_label
from norcorpus.versions.schema_writer import dictionary_columns

BATCH_ROWS = (
    1000  # rows per write, so per row group: datatrove's ParquetWriter batch_size, which CorpusWriter has
)
_READ_ROWS = 1000  # staged rows read at a time (as datatrove's ParquetReader: bounded memory)
_ODD_SPACE_RE2 = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in ODD_SPACES) + "]"
_SPACE, _NEWLINE = ord(" "), ord("\n")


def partition_path(lang: str, source: str, rank: int) -> str:
    """CorpusWriter's file of one task's rows of a language × source."""
    return f"lang={lang}/source={source}/part-{rank:05d}.parquet"


def whitespace_word_counts(texts: pa.Array) -> np.ndarray:
    """`len(text.split())` of every text of a string array.

    Text without whitespace other than " " and "\\n" (normalized text: ODD_SPACES are all the others) is
    counted on its UTF-8 bytes, where neither byte occurs inside a multi-byte sequence: its words start at
    a byte that is neither, after one that is or at the text's start. The few other texts use str.split.
    """
    texts = texts.cast(pa.string())
    n = len(texts)
    counts = np.zeros(n, dtype=np.int64)
    if not n:
        return counts
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32, count=n + 1, offset=4 * texts.offset)
    offsets = offsets.astype(np.int64)
    data_buffer = texts.buffers()[2]
    if data_buffer is not None and offsets[-1] > offsets[0]:
        data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
        starts_at = offsets - offsets[0]
        in_word = (data != _SPACE) & (data != _NEWLINE)
        start = in_word.copy()
        start[1:] &= ~in_word[:-1]
        inner = starts_at[:-1][starts_at[:-1] < len(data)]
        start[inner] = in_word[inner]  # a text's first byte: the byte before it belongs to another text
        bounds = starts_at.tolist()
        # count_nonzero per text: a C loop over a slice (np.add.reduceat would widen every byte to int64)
        counts[:] = [np.count_nonzero(start[a:b]) for a, b in pairwise(bounds)]
    odd = pc.match_substring_regex(texts, _ODD_SPACE_RE2).to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(odd):
        counts[i] = len(texts[i].as_py().split())
    return counts


class CorpusSelector(PipelineStep):
    """Writes `data/` and the cluster table from the staged table of its task (see the module docstring)."""

    type = "💽 - WRITER"
    name = "📒 select · count · corpus Parquet (zstd), on tables"

    def __init__(
        self,
        staged_folder: DataFolderLike,
        clusters_folder: DataFolderLike,
        table_folder: DataFolderLike,
        output_folder: DataFolderLike,
    ):
        super().__init__()
        self.staged = get_datafolder(staged_folder)
        self.clusters = get_datafolder(clusters_folder)
        self.table_folder = get_datafolder(table_folder)
        self.output_folder = get_datafolder(output_folder)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        with self.track_time():
            self._select(rank)

    def _select(self, rank: int) -> None:
        members = self._members(rank)
        table_rows: list[tuple[pa.Array, pa.Array, np.ndarray]] = []  # the cluster table, batch by batch
        writers = _PartitionWriters(self.output_folder, rank)
        try:
            for batch in self._staged_batches(rank):
                ids = batch.column("id")
                cid, size, copies, keep, exact = _clusters(members, ids)
                table_rows.append((ids, cid, size))
                sources = batch.column("source").cast(pa.string())
                self.stat_update(StatHints.total, value=len(batch))
                self.stat_update(StatHints.forwarded, value=int(np.count_nonzero(keep)))
                for reason, rows in ((EXACT_DUPLICATE, ~keep & exact), (NEAR_DUPLICATE, ~keep & ~exact)):
                    for source, count in _value_counts(sources.filter(pa.array(rows))):
                        self.stat_update(StatHints.dropped, value=count)
                        self.stat_update(f"dropped_{reason}", drop_label(source, reason), value=count)
                columns = {
                    CLUSTER_ID: cid,
                    CLUSTER_SIZE: pa.array(size, pa.int32()),
                    DUPLICATE_COUNT: pa.array(copies, pa.int32()),
                }
                table = pa.Table.from_batches([batch])
                for column, values in columns.items():
                    field = CORPUS_SCHEMA.field(column)
                    table = table.set_column(CORPUS_SCHEMA.get_field_index(column), field, values)
                self._count_and_write(table.filter(pa.array(keep)), writers)
        finally:
            writers.close()
        self._write_cluster_table(rank, table_rows)

    def _staged_batches(self, rank: int) -> Iterator[pa.RecordBatch]:
        """The task's staged rows in batches (a task's file can hold GBs: never the whole table at once)."""
        name = f"{rank:05d}.parquet"
        if not self.staged.exists(name):  # the task had no documents
            return
        with self.staged.open(name, "rb") as f:
            for batch in pq.ParquetFile(f).iter_batches(batch_size=_READ_ROWS):
                yield pa.RecordBatch.from_arrays(batch.columns, schema=CORPUS_SCHEMA)

    def _members(self, rank: int) -> pa.Table | None:
        path = f"{rank:05d}.parquet"
        if not self.clusters.exists(path):  # no document of this task has a near-duplicate
            return None
        with self.clusters.open(path, "rb") as f:
            members = pq.read_table(f)
        return members if len(members) else None

    def _write_cluster_table(self, rank: int, rows: list[tuple[pa.Array, pa.Array, np.ndarray]]) -> None:
        ids = [r[0].cast(pa.string()) for r in rows]
        cids = [r[1].cast(pa.string()) for r in rows]
        sizes = [pa.array(r[2], pa.int32()) for r in rows]
        table = pa.table(
            {
                "id": pa.chunked_array(ids, pa.string()),
                "cluster_id": pa.chunked_array(cids, pa.string()),
                "cluster_size": pa.chunked_array(sizes, pa.int32()),
            }
        )
        with self.table_folder.open(f"{rank:05d}.parquet", "wb") as f:
            pq.write_table(table, f, compression="zstd")

    def _count_and_write(self, kept: pa.Table, writers: _PartitionWriters) -> None:
        if not len(kept):
            return
        langs = kept.column("lang").combine_chunks().cast(pa.string())
        sources = kept.column("source").combine_chunks().cast(pa.string())
        texts = kept.column("text").combine_chunks()
        words = whitespace_word_counts(texts)
        utf8_bytes = pc.binary_length(texts).to_numpy().astype(np.int64)
        for (lang, source), rows in _groups(langs, sources):
            self.stat_update(kept_label(source, lang, KeptMetric.DOCUMENTS), value=len(rows))
            self.stat_update(kept_label(source, lang, KeptMetric.WORDS), value=int(words[rows].sum()))
            self.stat_update(kept_label(source, lang, KeptMetric.BYTES), value=int(utf8_bytes[rows].sum()))
            writers.add(lang, source, kept.take(pa.array(rows)))


def _clusters(
    members: pa.Table | None, ids: pa.Array
) -> tuple[pa.Array, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row: cluster id, cluster size, exact copies dropped for it, kept, exact copy (MinhashFilter's rule:
    a document outside the cluster table is alone and kept)."""
    n = len(ids)
    alone = ids, np.ones(n, np.int64), np.zeros(n, np.int64), np.ones(n, bool), np.zeros(n, bool)
    if members is None:
        return alone
    at = pc.fill_null(pc.index_in(ids, value_set=members.column("id").combine_chunks()), -1).to_numpy()
    found = at >= 0
    if not found.any():
        return alone
    rows = np.where(found, at, 0).astype(np.int64)  # a member's row; 0 (read, then not used) elsewhere

    def member(column: str, default: object) -> np.ndarray:
        return np.where(found, members.column(column).to_numpy()[rows], default)

    copies = member("exact_copies", 0) if "exact_copies" in members.column_names else np.zeros(n, np.int64)
    cid = pc.if_else(pa.array(found), members.column("cluster_id").combine_chunks().take(pa.array(rows)), ids)
    return (
        cid,
        member("cluster_size", 1),
        copies,
        member("keep", True).astype(bool),
        member("exact_copy", False).astype(bool),
    )


class _PartitionWriters:
    """One Parquet file per language × source of a task, written in batches of BATCH_ROWS rows in row order,
    with CorpusWriter's settings: the row groups and bytes CorpusWriter writes for the same rows."""

    def __init__(self, folder: DataFolder, rank: int):
        self.folder, self.rank = folder, rank
        self.pending: dict[tuple[str, str], list[pa.Table]] = {}
        self.files: dict[tuple[str, str], tuple[IO[bytes], pq.ParquetWriter]] = {}

    def add(self, lang: str, source: str, rows: pa.Table) -> None:
        key = (lang, source)
        pending = self.pending.setdefault(key, [])
        pending.append(rows)
        waiting = sum(len(t) for t in pending)
        if waiting >= BATCH_ROWS:
            table = pa.concat_tables(pending)
            full = waiting - waiting % BATCH_ROWS
            for start in range(0, full, BATCH_ROWS):
                self._write(key, table.slice(start, BATCH_ROWS))
            self.pending[key] = [table.slice(full)] if full < waiting else []

    def _write(self, key: tuple[str, str], rows: pa.Table) -> None:
        if key not in self.files:
            handle = self.folder.open(partition_path(*key, self.rank), "wb")
            writer = pq.ParquetWriter(
                handle,
                schema=CORPUS_SCHEMA,
                compression="zstd",
                use_content_defined_chunking=DEFAULT_CDC_OPTIONS,
                write_page_index=True,
                use_dictionary=list(dictionary_columns(CORPUS_SCHEMA)),
            )
            self.files[key] = (handle, writer)
        # the partition columns hold one value: the one-entry dictionary (PARTITION_TYPE) that CorpusWriter's
        # rows give, not the staged file's dictionary of every value
        for column, value in zip(("lang", "source"), key, strict=True):
            constant = pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(len(rows), np.int32)), pa.array([value])
            )
            rows = rows.set_column(
                CORPUS_SCHEMA.get_field_index(column), CORPUS_SCHEMA.field(column), constant
            )
        self.files[key][1].write_batch(rows.combine_chunks().to_batches()[0])

    def close(self) -> None:
        for key, pending in self.pending.items():
            rows = [t for t in pending if len(t)]
            if rows:
                self._write(key, pa.concat_tables(rows))
        self.pending.clear()
        for handle, writer in self.files.values():
            writer.close()
            handle.close()
        self.files.clear()


def _value_counts(values: pa.Array) -> Iterator[tuple[str, int]]:
    for entry in pc.value_counts(values).to_pylist():
        yield entry["values"], entry["counts"]


def _groups(langs: pa.Array, sources: pa.Array) -> Iterator[tuple[tuple[str, str], np.ndarray]]:
    """(lang, source) and its row numbers, in the order of each pair's first row."""
    keys = list(zip(langs.to_pylist(), sources.to_pylist(), strict=True))
    rows: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(keys):
        rows.setdefault(key, []).append(i)
    for key, numbers in rows.items():
        yield key, np.array(numbers, dtype=np.int64)
