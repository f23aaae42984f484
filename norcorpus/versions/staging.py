"""Staged intermediate files between the build's stages: one Parquet file per task, in CORPUS_SCHEMA.

The exact-dedup filter refers to documents by their position in a task's stream, so the final stage must
read back exactly the stream that the first stage hashed: task N reads `NNNNN.parquet` and nothing else.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike
from datatrove.pipeline.readers.parquet import ParquetReader

from norcorpus.schema import CORPUS_SCHEMA, row_to_document, writer_adapter
from norcorpus.versions.schema_writer import SchemaParquetWriter


def _from_row(_reader: Any, data: dict[str, Any], _path: str, _id_in_file: int | str) -> dict[str, Any]:
    doc = row_to_document(data)
    return {"text": doc.text, "id": doc.id, "metadata": doc.metadata}


class StagedWriter(SchemaParquetWriter):
    name = "📒 staged Parquet"

    def __init__(self, output_folder: DataFolderLike):
        super().__init__(
            output_folder,
            output_filename="${rank}.parquet",
            compression="zstd",
            adapter=writer_adapter,
            schema=CORPUS_SCHEMA,
            max_file_size=-1,  # one file per task: the next stage relies on it
            use_content_defined_chunking=False,
            write_page_index=False,
        )


class StagedReader(ParquetReader):
    name = "📒 staged Parquet"

    def __init__(self, data_folder: DataFolderLike):
        super().__init__(data_folder, adapter=_from_row)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        filename = f"{rank:05d}.parquet"
        if not self.data_folder.exists(filename):  # the task had no documents
            return
        for doc in self.read_files_shard([filename]):
            self.update_doc_stats(doc)
            yield doc
