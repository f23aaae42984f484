"""Sources on a non-local fsspec filesystem (memory://, the same code path as hf:// and s3://)."""

from __future__ import annotations

import gzip
import json

import fsspec
import polars as pl
import pytest

from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.executors import ExecutionConfig
from norcorpus.versions.inputs import fingerprint, resolve_source
from norcorpus.versions.manifest import parse_manifest

TEXTS = [
    "Nasjonalbiblioteket har digitalisert over en million bøker, aviser og tidsskrifter.",
    "Fylkeskommunen har vedteke å byggje ein ny vidaregåande skule i Førde.",
]


@pytest.fixture()
def bucket():
    fs = fsspec.filesystem("memory")
    root = "/norcorpus-test/c4/multilingual"
    for i, text in enumerate(TEXTS):
        line = json.dumps({"text": text, "timestamp": "2020-10-07T14:03:11Z", "url": f"https://x/{i}"}) + "\n"
        fs.pipe(f"{root}/c4-no.tfrecord-0000{i}-of-01024.json.gz", gzip.compress(line.encode(), mtime=0))
    yield f"memory://{root}"
    fs.rm("/norcorpus-test", recursive=True)


def test_resolve_and_fingerprint_remote_files(bucket: str) -> None:
    manifest = parse_manifest(
        {"version": "R", "sources": [{"name": "mc4_no", "format": "mc4", "paths": [f"{bucket}/c4-no.*.json.gz"]}]},
        "m.yaml",
    )
    inputs = resolve_source(manifest.sources[0], sample=False)
    assert inputs.root.startswith("memory://") and inputs.files == (
        "c4-no.tfrecord-00000-of-01024.json.gz",
        "c4-no.tfrecord-00001-of-01024.json.gz",
    )
    fp = fingerprint(inputs.urls()[0])
    assert fp.size and fp.size > 0


def test_build_reads_remote_shards(bucket: str, tmp_path) -> None:
    manifest = parse_manifest(
        {"version": "R", "sources": [{"name": "mc4_no", "format": "mc4", "paths": [f"{bucket}/*.json.gz"]}],
         "quality": {"enabled": False}},  # one-sentence documents: the test is about reading them
        "m.yaml",
    )
    # in-process (workers=1): the memory filesystem lives in this process only
    result = build(manifest, BuildOptions(out=tmp_path, execution=ExecutionConfig(workers=1)))
    df = pl.read_parquet(result.version_dir / "data" / "**" / "*.parquet")
    assert sorted(df["text"].to_list()) == sorted(TEXTS)
    assert result.stats["sources"]["mc4_no"] == {"read": 2, "kept": 2, "dropped": {}}
