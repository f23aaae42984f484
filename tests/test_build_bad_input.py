"""Bad input never loses a document silently: a counted drop with a reason, or one error line naming the file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from norcorpus.errors import ShardError
from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.executors import ExecutionConfig
from norcorpus.versions.manifest import parse_manifest

GOOD = "Dette er en helt vanlig tekst på bokmål om været i Bergen og Oslo i dag."


def _build(tmp_path: Path, fmt: str, pattern: str):
    manifest = parse_manifest(
        # quality decisions off: these documents are short on purpose, the test is about reading them
        {"version": "Bad", "sources": [{"name": "src", "format": fmt, "paths": [str(tmp_path / pattern)]}],
         "quality": {"enabled": False}},
        "m.yaml",
    )
    return build(manifest, BuildOptions(out=tmp_path / "out", execution=ExecutionConfig(workers=1)))


def test_every_kind_of_bad_record_is_counted(tmp_path: Path) -> None:
    huge = "ord " * 13_000_000  # a 52 MB single document
    lines = [
        json.dumps({"text": GOOD}).encode(),
        b'{"text": "ugyldig \xc3\x28 utf-8"}',  # invalid UTF-8 inside a record
        json.dumps({"text": ""}).encode(),  # empty
        json.dumps({"url": "https://x"}).encode(),  # missing text
        json.dumps({"text": None}).encode(),  # null text
        json.dumps({"text": huge}).encode(),
        b'{"text": "cut off',
    ]
    (tmp_path / "a.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(b"\n".join(lines) + b"\n"))
    result = _build(tmp_path, "generic", "*.jsonl.zst")
    counts = result.stats["sources"]["src"]
    assert counts == {"read": 7, "kept": 1, "dropped": {"empty": 1, "malformed": 4, "too_long": 1}}


def test_parquet_with_the_wrong_schema_is_one_line_naming_the_file(tmp_path: Path) -> None:
    pq.write_table(pa.table({"body": [GOOD]}), tmp_path / "nb_part_00000.parquet")
    with pytest.raises(ShardError) as err:
        _build(tmp_path, "culturax", "*.parquet")
    assert str(tmp_path / "nb_part_00000.parquet") in str(err.value) and "no column 'text'" in str(err.value)


def test_wrong_types_in_parquet_are_malformed_rows(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": [GOOD, None, "  "], "url": ["a", "b", "c"]}), tmp_path / "nb_part_00000.parquet")
    counts = _build(tmp_path, "culturax", "*.parquet").stats["sources"]["src"]
    assert counts == {"read": 3, "kept": 1, "dropped": {"empty": 1, "malformed": 1}}


@pytest.mark.parametrize("suffix", [".json.gz", ".jsonl.zst"])
def test_truncated_compressed_shard_is_an_error_naming_it(tmp_path: Path, suffix: str) -> None:
    data = b"".join(json.dumps({"text": f"{GOOD} {i}"}).encode() + b"\n" for i in range(4000))
    packed = gzip.compress(data, mtime=0) if suffix.endswith("gz") else zstandard.ZstdCompressor().compress(data)
    path = tmp_path / f"c4-no.tfrecord-00000-of-01024{suffix}"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ShardError) as err:
        _build(tmp_path, "mc4", f"*{suffix}")
    assert str(path) in str(err.value) and "\n" not in str(err.value)
