"""Stream `(lang, text)` pairs out of whatever the tokenizer is trained on.

Accepted inputs:
- a built corpus version directory `OUT/<version>/` (Parquet under `data/`, columns `text`, `lang`);
- a directory of plain Parquet / JSONL(.gz/.zst) files with a `text` column (`lang` optional);
- a single such file, or a TSV(.gz) of `label<TAB>text[<TAB>...]` rows (the LID data layout).

Only the `text` and `lang` columns are read, in record batches, so memory stays at one batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pyarrow.parquet as pq

from norcorpus.errors import ConfigError, ShardError
from norcorpus.sources.io import iter_lines
from norcorpus.tokenizer.fertility import iter_labelled  # the one reader of `label<TAB>text` files

UNDECIDED = "und"  # lang of texts whose input has no language column
_JSONL = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".json.gz", ".ndjson")  # .json.gz: mC4 shards are JSONL
_TSV = (".tsv", ".tsv.gz", ".tsv.zst")
_BATCH_ROWS = 2048


def _kind(path: Path) -> str | None:
    name = path.name
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_TSV):
        return "tsv"
    return None


def corpus_files(corpus: Path) -> list[Path]:
    """The input files of `corpus`, sorted (deterministic order)."""
    if corpus.is_file():
        if _kind(corpus) is None:
            raise ConfigError(
                f"unsupported corpus file {corpus}",
                hint="give a .parquet, .jsonl(.gz/.zst) or .tsv(.gz) file",
            )
        return [corpus]
    if not corpus.is_dir():
        raise ConfigError(f"corpus not found: {corpus}")
    root = corpus / "data" if (corpus / "data").is_dir() else corpus
    files = sorted(p for p in root.rglob("*") if p.is_file() and _kind(p) is not None)
    if not files:
        raise ConfigError(
            f"no Parquet, JSONL or TSV files under {root}",
            hint="give a built corpus version directory (OUT/<version>/) or a folder of data files",
        )
    return files


def _parquet(path: Path) -> Iterator[tuple[str, str]]:
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise ShardError(f"cannot read Parquet file {path}: {exc}".splitlines()[0]) from None
    names = set(pf.schema_arrow.names)
    if "text" not in names:
        raise ConfigError(f"{path} has no `text` column (columns: {', '.join(sorted(names))})")
    columns = ["text", "lang"] if "lang" in names else ["text"]
    for batch in pf.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
        texts = batch.column("text").to_pylist()
        langs = batch.column("lang").to_pylist() if "lang" in columns else [None] * len(texts)
        for lang, text in zip(langs, texts, strict=True):
            if text:
                yield (lang or UNDECIDED), text


def _jsonl(path: Path) -> Iterator[tuple[str, str]]:
    with open(path, "rb") as raw:
        for number, line in enumerate(iter_lines(raw, path.name), start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise ShardError(f"{path}:{number}: not a JSON object") from None
            text = record.get("text") if isinstance(record, dict) else None
            if isinstance(text, str) and text:
                yield str(record.get("lang") or UNDECIDED), text


def _tsv(path: Path) -> Iterator[tuple[str, str]]:
    return ((label, text) for label, text in iter_labelled(path) if text)


def iter_corpus(corpus: Path) -> Iterator[tuple[str, str]]:
    """`(lang, text)` for every non-empty text of the corpus, file by file in sorted order."""
    readers = {"parquet": _parquet, "jsonl": _jsonl, "tsv": _tsv}
    for path in corpus_files(corpus):
        yield from readers[_kind(path)](path)
