"""The one Parquet schema of a built corpus (and of the staged intermediate files).

Every file has the same columns, whatever its source: the canonical columns, the tags that later steps
add, and one struct column per source format holding that format's own metadata (null for the others).
A fixed schema lets polars, duckdb and pyarrow read `data/**/*.parquet` as one table.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from datatrove.data import Document

from norcorpus.filters.cleaning import CLEAN_METADATA_COLUMNS
from norcorpus.versions.manifest import SourceFormat

_str = pa.string()
_f64 = pa.float64()

FORMAT_METADATA: dict[SourceFormat, pa.StructType] = {
    SourceFormat.MC4: pa.struct([("timestamp", _str)]),
    SourceFormat.OSCAR: pa.struct(
        [
            ("warc_record_id", _str),
            ("warc_date", _str),
            ("warc_identified_content_language", _str),
            ("identification", pa.struct([("label", _str), ("prob", _f64)])),
            ("harmful_pp", _f64),
            ("quality_warnings", pa.list_(_str)),
            ("categories", pa.list_(_str)),
            ("tlsh", _str),
        ]
    ),
    SourceFormat.HPLT_V1: pa.struct(
        [("document_lang", _str), ("scores", pa.list_(_f64)), ("langs", pa.list_(_str)), ("collection", _str)]
    ),
    SourceFormat.HPLT_V2: pa.struct(
        [
            ("collection", _str),
            ("lang", pa.list_(_str)),
            ("prob", pa.list_(_f64)),
            ("doc_scores", pa.list_(_f64)),
            ("seg_langs", pa.list_(_str)),
            ("filter", _str),
            ("pii", pa.list_(pa.list_(pa.int64()))),
            ("robotstxt", _str),
            ("content_type", _str),
            ("timestamp", _str),
            ("warc_file", _str),
        ]
    ),
    SourceFormat.NCC: pa.struct(
        [
            ("doc_type", _str),
            ("publish_year", pa.int32()),
            ("lang_fasttext", _str),
            ("lang_fasttext_conf", _f64),
            ("parent_id", _str),
        ]
    ),
    SourceFormat.CULTURAX: pa.struct([("timestamp", _str), ("source", _str)]),
    # partner data: the fields we do not map, as canonical JSON
    SourceFormat.GENERIC: pa.struct([("fields", _str)]),
}

# `lang` and `source` are also the hive partition keys of data/ (lang=nob/source=ncc/...). Readers such as
# pyarrow.parquet.read_table(dir) infer partition keys as dictionary<int32, string> and refuse to merge them
# with a plain string column of the same name, so the files store them with exactly that type.
PARTITION_TYPE = pa.dictionary(pa.int32(), _str)

# Columns kept in Document.metadata under the same names.
METADATA_COLUMNS: list[pa.Field] = [
    pa.field("source", PARTITION_TYPE, nullable=False),
    pa.field("lang", PARTITION_TYPE, nullable=False),
    pa.field("lang_score", _f64),
    pa.field("lang_top", _str),  # the best label before abstention (`und`)
    pa.field("lang_mixed", pa.bool_()),  # a second language holds a large share of the text
    pa.field("lang_paragraphs", pa.list_(pa.struct([("lang", _str), ("score", _f64), ("chars", pa.int32())]))),
    pa.field("url", _str),
    pa.field("date", _str),
    pa.field("shard", _str),
    pa.field("source_lang", _str),
    pa.field("source_lang_score", _f64),
    pa.field("duplicate_count", pa.int32()),  # exact copies removed in favour of this document
    pa.field("cluster_id", _str),  # MinHash cluster: id of its kept representative (own id when alone)
    pa.field("cluster_size", pa.int32()),
    *CLEAN_METADATA_COLUMNS,  # sami_repair, mojibake_fixed, boilerplate_lines, pii counts, quality signals
]

CORPUS_SCHEMA = pa.schema(
    [pa.field("id", _str, nullable=False), pa.field("text", _str, nullable=False)]
    + METADATA_COLUMNS
    + [pa.field(fmt.value, struct) for fmt, struct in FORMAT_METADATA.items()]
)

CANONICAL_COLUMNS = ("id", "text", "source", "lang", "lang_score", "url", "date")
_META_NAMES = [f.name for f in METADATA_COLUMNS] + [fmt.value for fmt in FORMAT_METADATA]


def document_to_row(document: Document) -> dict[str, Any]:
    """A Document as one row of CORPUS_SCHEMA (metadata keys outside the schema are not written)."""
    meta = document.metadata
    row: dict[str, Any] = {"id": document.id, "text": document.text}
    for name in _META_NAMES:
        row[name] = meta.get(name)
    return row


def writer_adapter(_writer: Any, document: Document) -> dict[str, Any]:
    """document_to_row in the shape of a datatrove writer's `adapter` (it is bound to the writer)."""
    return document_to_row(document)


def row_to_document(row: dict[str, Any]) -> Document:
    """The inverse of document_to_row; null columns are left out of the metadata."""
    text = row.pop("text")
    doc_id = row.pop("id")
    return Document(text=text, id=doc_id, metadata={k: v for k, v in row.items() if v is not None})
