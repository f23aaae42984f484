"""Generic JSONL(.gz/.zst) or Parquet shards with a text field and optional id/url/date (partner data).

The field names come from the manifest (`text_key`, `id_key`, `url_key`, `date_key`); the other fields are
kept as canonical JSON in the `generic.fields` column, so nothing a partner ships is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from datatrove.data import Document
from datatrove.io import DataFileLike, DataFolderLike

from norcorpus.sources.base import (
    JsonlSourceReader,
    canonical_json,
    iso_date,
    opt_str,
    parquet_rows,
)
from norcorpus.versions.manifest import SourceFormat


class GenericReader(JsonlSourceReader):
    name = "generic JSONL/Parquet"
    format = SourceFormat.GENERIC

    def __init__(
        self,
        data_folder: DataFolderLike,
        source: str,
        paths_file: DataFileLike | None = None,
        glob_pattern: str | None = None,
        text_key: str = "text",
        id_key: str | None = "id",
        url_key: str | None = "url",
        date_key: str | None = "date",
        **kwargs: Any,
    ):
        super().__init__(data_folder, source, paths_file=paths_file, glob_pattern=glob_pattern, **kwargs)
        self.text_key = text_key
        self.id_key = id_key
        self.url_key = url_key
        self.date_key = date_key

    def records(self, filepath: str) -> Iterator[Any]:
        if filepath.endswith(".parquet"):
            yield from parquet_rows(self, filepath, (self.text_key,))
        else:
            yield from super().records(filepath)

    def parse(self, record: Any, filepath: str) -> Document:
        if isinstance(record, dict):  # a Parquet row
            return self.parse_object(dict(record), filepath)
        return super().parse(record, filepath)

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        text = obj.pop(self.text_key, None)
        native = opt_str(obj.pop(self.id_key, None), self.id_key) if self.id_key else None
        url = opt_str(obj.pop(self.url_key, None), self.url_key) if self.url_key else None
        raw_date = obj.pop(self.date_key, None) if self.date_key else None
        rest = {k: v for k, v in obj.items() if v is not None}
        return self.make_document(
            text=text,
            native_id=native,
            filepath=filepath,
            url=url,
            date=iso_date(raw_date),
            format_metadata={"fields": canonical_json(rest) if rest else None},
            hash_parts=(url, text if isinstance(text, str) else None),
        )
