"""The corpus and staged Parquet files: dictionary encoding everywhere but on the free-text columns."""

from __future__ import annotations

import pyarrow.parquet as pq

from norcorpus.schema import CORPUS_SCHEMA
from norcorpus.versions.corpus_writer import CorpusWriter
from norcorpus.versions.schema_writer import FREE_TEXT_COLUMNS, dictionary_columns


def _parquet_paths(tmp_path) -> list[str]:
    path = tmp_path / "empty.parquet"
    pq.write_table(CORPUS_SCHEMA.empty_table(), path)
    schema = pq.ParquetFile(path).schema
    return [schema.column(i).path for i in range(len(schema))]


def test_dictionary_columns_name_every_parquet_column_but_the_free_text_ones(tmp_path):
    # a path pyarrow does not know would silently leave that column without its dictionary
    paths = _parquet_paths(tmp_path)
    assert sorted(dictionary_columns()) == sorted(p for p in paths if p not in FREE_TEXT_COLUMNS)
    assert FREE_TEXT_COLUMNS <= set(paths)


def test_written_corpus_file_encodes_text_plain_and_languages_by_dictionary(tmp_path):
    from datatrove.data import Document

    docs = [
        Document(
            id=f"d{i}",
            text=f"Dette er dokument nummer {i}, skrevet på bokmål.",
            metadata={"source": "news", "lang": "nob", "lang_score": 0.99},
        )
        for i in range(50)
    ]
    with CorpusWriter(str(tmp_path / "out")) as writer:
        for doc in docs:
            writer.write(doc, rank=0)
    files = list((tmp_path / "out").rglob("*.parquet"))
    assert len(files) == 1
    meta = pq.ParquetFile(files[0]).metadata.row_group(0)
    encodings = {meta.column(i).path_in_schema: meta.column(i).encodings for i in range(meta.num_columns)}
    assert "RLE_DICTIONARY" not in encodings["text"] and "RLE_DICTIONARY" not in encodings["id"]
    assert "RLE_DICTIONARY" in encodings["lang"] and "RLE_DICTIONARY" in encodings["quality.words"]
    table = pq.read_table(files[0])
    assert table.schema.field("lang").type == CORPUS_SCHEMA.field("lang").type  # still read as a dictionary
    assert table.column("text").to_pylist() == [d.text for d in docs]
