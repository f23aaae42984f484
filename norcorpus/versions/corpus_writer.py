"""The corpus output: `data/lang=<lang>/source=<source>/part-NNNNN.parquet` (one file per task and
partition; more tasks give smaller files), zstd, in CORPUS_SCHEMA."""

from __future__ import annotations

from datatrove.io import DataFolderLike

from norcorpus.schema import CORPUS_SCHEMA, writer_adapter
from norcorpus.versions.schema_writer import SchemaParquetWriter


class CorpusWriter(SchemaParquetWriter):
    name = "📒 corpus Parquet (zstd)"

    def __init__(self, output_folder: DataFolderLike, max_file_size: int = -1):
        super().__init__(
            output_folder,
            output_filename="lang=${lang}/source=${source}/part-${rank}.parquet",
            compression="zstd",
            adapter=writer_adapter,
            schema=CORPUS_SCHEMA,
            max_file_size=max_file_size,
        )
