"""What every source reader shares: stable ids, accounting, malformed records, unreadable files.

A reader is a datatrove `BaseDiskReader`: give it a folder (local, hf://, s3://, https://) plus a glob or a
paths file, and it yields canonical Documents whose metadata holds `source, lang, lang_score, url, date`,
the source's own language label and a struct of the format's metadata (see `norcorpus.schema`).

Every record read is counted (`read`); a record that cannot become a document is counted as dropped with
a reason (`malformed`, `empty`); a file that cannot be read at all stops the task with one ShardError line
naming the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from abc import abstractmethod
from collections.abc import Iterator
from typing import Any, ClassVar

import orjson
import pyarrow as pa
import zstandard
from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFileLike, DataFolderLike, open_file
from datatrove.pipeline.readers.base import BaseDiskReader

from norcorpus.errors import NorcorpusError, ShardError
from norcorpus.langs import to_lang
from norcorpus.sources.io import iter_lines
from norcorpus.versions.accounting import DropReason, drop_label, read_label
from norcorpus.versions.manifest import SourceFormat

# Errors that mean "this file cannot be read", as opposed to bugs in a reader.
_IO_ERRORS = (OSError, EOFError, zstandard.ZstdError, pa.ArrowException)


class MalformedRecord(Exception):
    """Raised by a reader's `parse` for a record that cannot become a document."""

    def __init__(self, why: str, reason: DropReason = DropReason.MALFORMED):
        super().__init__(why)
        self.reason = reason


def stable_id(source: str, native_id: str | None, *content: str | None) -> str:
    """`source:native_id`, or `source:h<16 hex>` from a hash of the record's content when it has no id."""
    if native_id:
        return f"{source}:{native_id}"
    digest = hashlib.blake2b(digest_size=8)
    for part in content:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return f"{source}:h{digest.hexdigest()}"


# -- coercion of source fields; a field of the wrong type makes the record malformed -------------------


def opt_str(value: Any, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise MalformedRecord(f"{field} is not a string")


def opt_float(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise MalformedRecord(f"{field} is not a number")
    try:
        return float(value)  # NCC stores lang_fasttext_conf as a string
    except (TypeError, ValueError):
        raise MalformedRecord(f"{field} is not a number") from None


def opt_int(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise MalformedRecord(f"{field} is not an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise MalformedRecord(f"{field} is not an integer") from None


def str_list(value: Any, field: str) -> list[str | None] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise MalformedRecord(f"{field} is not a list")
    return [opt_str(v, field) for v in value]


def float_list(value: Any, field: str) -> list[float | None] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise MalformedRecord(f"{field} is not a list")
    return [opt_float(v, field) for v in value]


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$")
_SLASHED = re.compile(r"^(\d{4})/(\d{2})/(\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?")


def iso_date(value: Any) -> str | None:
    """An ISO 8601 date(-time) string, or None when the value is not one we recognise."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}" if 0 < value < 10000 else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _ISO.match(value):
        return value.replace(" ", "T", 1) if len(value) > 10 else value
    if m := _SLASHED.match(value):  # CulturaX's OSCAR-derived rows: 2019/07/16 18:33:35
        date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return f"{date}T{m.group(4)}" if m.group(4) else date
    return None


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class SourceReader(BaseDiskReader):
    """Base of the format readers. Subclasses set `format`, and implement `records` and `parse`."""

    type = "📖 - READER"
    format: ClassVar[SourceFormat]

    def __init__(
        self,
        data_folder: DataFolderLike,
        source: str,
        paths_file: DataFileLike | None = None,
        glob_pattern: str | None = None,
        limit: int = -1,
        recursive: bool = True,
        file_progress: bool = False,
        doc_progress: bool = False,
        shard_offset: int = 0,
        max_chars: int | None = None,
    ):
        super().__init__(
            data_folder,
            paths_file=paths_file,
            limit=limit,
            file_progress=file_progress,
            doc_progress=doc_progress,
            recursive=recursive,
            glob_pattern=glob_pattern,
            add_file_path=False,
        )
        self.source = source
        # Several readers share one set of tasks in a build: file i of this reader is file
        # (shard_offset + i) of the build, so files spread over all tasks instead of piling onto the first.
        self.shard_offset = shard_offset
        self.max_chars = max_chars

    # -- to implement -----------------------------------------------------------------------------------

    @abstractmethod
    def records(self, filepath: str) -> Iterator[Any]:
        """Raw records of one file, in file order (bytes lines for JSONL, dicts for Parquet)."""

    @abstractmethod
    def parse(self, record: Any, filepath: str) -> Document:
        """One raw record as a canonical Document; raise MalformedRecord when it cannot be one."""

    # -- shared machinery -------------------------------------------------------------------------------

    def make_document(
        self,
        *,
        text: Any,
        native_id: str | None,
        filepath: str,
        url: str | None = None,
        date: str | None = None,
        source_lang: str | None = None,
        source_lang_score: float | None = None,
        format_metadata: dict[str, Any] | None = None,
        hash_parts: tuple[str | None, ...] = (),
    ) -> Document:
        if text is None:
            raise MalformedRecord("no text field")
        if not isinstance(text, str):
            raise MalformedRecord("text is not a string")
        if not text.strip():
            raise MalformedRecord("blank text", DropReason.EMPTY)
        if self.max_chars is not None and len(text) > self.max_chars:
            raise MalformedRecord(f"{len(text)} characters", DropReason.TOO_LONG)
        metadata: dict[str, Any] = {
            "source": self.source,
            # the source's own label until language identification re-labels the document
            "lang": to_lang(source_lang).value,
            "lang_score": source_lang_score,
            "url": url,
            "date": date,
            "shard": filepath,
            "source_lang": source_lang,
            "source_lang_score": source_lang_score,
            self.format.value: format_metadata or {},
        }
        doc_id = stable_id(self.source, native_id, *(hash_parts or (text,)))
        return Document(text=text, id=doc_id, metadata=metadata)

    def all_files(self) -> list[str]:
        if self.paths_file:
            with open_file(self.paths_file, mode="rt") as handle:
                return [line.strip() for line in handle if line.strip()]
        return self.data_folder.get_shard(0, 1, recursive=self.recursive, glob_pattern=self.glob_pattern) or []

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        files = self.all_files()
        shard = [f for i, f in enumerate(files) if (i + self.shard_offset) % world_size == rank]
        for doc in self.read_files_shard(shard):
            self.update_doc_stats(doc)
            yield doc

    def open_binary(self, filepath: str):
        return self.data_folder.open(filepath, "rb", compression=None)

    def read_file(self, filepath: str) -> DocumentsPipeline:
        read, source = read_label(self.source), self.source
        try:
            for record in self.records(filepath):
                self.stat_update(read)
                try:
                    with self.track_time():
                        document = self.parse(record, filepath)
                except MalformedRecord as exc:
                    self.stat_update(drop_label(source, exc.reason))
                    continue
                yield document
        except NorcorpusError:
            raise
        except _IO_ERRORS as exc:
            where = self.data_folder.resolve_paths(filepath)
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ShardError(f"cannot read {where}: {detail}") from None


class JsonlSourceReader(SourceReader):
    """A reader of JSON-lines shards (plain, .gz or .zst); a line that is not a JSON object is malformed."""

    def records(self, filepath: str) -> Iterator[Any]:
        with self.open_binary(filepath) as raw:
            for line in iter_lines(raw, filepath):
                if line.strip():
                    yield line

    def parse(self, record: bytes, filepath: str) -> Document:
        try:
            obj = orjson.loads(record)  # also rejects invalid UTF-8
        except orjson.JSONDecodeError:
            raise MalformedRecord("not valid JSON") from None
        if not isinstance(obj, dict):
            raise MalformedRecord("not a JSON object")
        return self.parse_object(obj, filepath)

    @abstractmethod
    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document: ...


def parquet_rows(reader: SourceReader, filepath: str, required: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet shard as dicts; a file without a required column is a wrong schema (ShardError)."""
    import pyarrow.parquet as pq

    with reader.open_binary(filepath) as raw, pq.ParquetFile(raw) as pf:
        names = set(pf.schema_arrow.names)
        missing = [c for c in required if c not in names]
        if missing:
            raise ShardError(
                f"cannot read {reader.data_folder.resolve_paths(filepath)}: no column {missing[0]!r} "
                f"(columns: {', '.join(sorted(names))})",
                hint=f"is the source's format ({reader.format.value}) or text_key right?",
            )
        for batch in pf.iter_batches(batch_size=1024):
            yield from batch.to_pylist()


class ParquetSourceReader(SourceReader):
    """A reader of Parquet shards; a file without the text column is unreadable (a wrong schema)."""

    required_columns: ClassVar[tuple[str, ...]] = ("text",)

    def records(self, filepath: str) -> Iterator[Any]:
        return parquet_rows(self, filepath, self.required_columns)

    def parse(self, record: dict[str, Any], filepath: str) -> Document:
        return self.parse_object(record, filepath)

    @abstractmethod
    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document: ...
