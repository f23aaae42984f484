"""`norcorpus build V3 --sample` end to end: Parquet, stats, lock, accounting, determinism, resume."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from norcorpus.cli import main
from norcorpus.schema import CANONICAL_COLUMNS, CORPUS_SCHEMA
from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.executors import ExecutionConfig
from norcorpus.versions.manifest import load_manifest


@pytest.fixture(scope="module")
def v3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "V3", "--sample", "--out", str(out), "--workers", "1"])
    assert exit_info.value.code in (None, 0)
    return out / "V3"


def _files(version_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(version_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((version_dir / "data").rglob("*.parquet"))
    }


def test_layout_and_canonical_columns(v3: Path) -> None:
    parts = sorted((v3 / "data").rglob("*.parquet"))
    assert parts and all(p.parent.name.startswith("source=") for p in parts)
    assert all(p.parent.parent.name.startswith("lang=") and p.name.startswith("part-") for p in parts)
    for part in parts:
        meta = pq.ParquetFile(part).metadata
        assert meta.row_group(0).column(0).compression == "ZSTD"
        assert pq.read_schema(part).remove_metadata().equals(CORPUS_SCHEMA)
    table = pq.read_table(v3 / "data")  # hive partitions and file columns agree
    assert set(CANONICAL_COLUMNS) <= set(table.column_names)
    df = pl.read_parquet(v3 / "data" / "**" / "*.parquet")
    assert df["id"].n_unique() == df.height
    assert df["source"].n_unique() >= 4
    assert {"nob", "nno", "sme"} <= set(df["lang"].cast(pl.Utf8))
    # every row sits in the partition of its own lang and source
    for part in parts:
        rows = pl.read_parquet(part)
        lang = part.parent.parent.name.removeprefix("lang=")
        source = part.parent.name.removeprefix("source=")
        assert set(rows["lang"].cast(pl.Utf8)) == {lang} and set(rows["source"].cast(pl.Utf8)) == {source}


def test_stats_account_for_every_document(v3: Path) -> None:
    stats = json.loads((v3 / "stats.json").read_text())
    df = pl.read_parquet(v3 / "data" / "**" / "*.parquet")
    assert stats["totals"]["kept"] == df.height
    for name, counts in stats["sources"].items():
        assert counts["read"] == counts["kept"] + sum(counts["dropped"].values()), name
        per_lang = stats["by_source_language"][name]
        assert sum(c["documents"] for c in per_lang.values()) == counts["kept"]
        rows = df.filter(pl.col("source").cast(pl.Utf8) == name)
        assert rows.height == counts["kept"]
        for lang, c in per_lang.items():
            texts = rows.filter(pl.col("lang").cast(pl.Utf8) == lang)["text"].to_list()
            assert c["words"] == sum(len(t.split()) for t in texts)
            assert c["bytes"] == sum(len(t.encode()) for t in texts)
    # the sample's junk is there and accounted for
    assert stats["sources"]["ncc"]["dropped"] == {"empty": 1, "malformed": 1}
    assert stats["dropped"]["exact_duplicate"] >= 5


def test_duplicates_resolve_by_source_priority(v3: Path) -> None:
    df = pl.read_parquet(v3 / "data" / "**" / "*.parquet")
    by_text = df.group_by("text").agg(pl.col("source").cast(pl.Utf8))
    assert by_text.height == df.height  # no exact duplicate left
    # the budget article: partner original (250) beats mC4 (100) and CulturaX (120)
    budget = df.filter(pl.col("text").str.starts_with("Regjeringen la i dag fram"))
    assert budget["source"].cast(pl.Utf8).to_list() == ["partner_news"]
    # the library news: NCC (300) beats HPLT (110)
    library = df.filter(pl.col("text").str.starts_with("Nasjonalbiblioteket har digitalisert"))
    assert library["source"].cast(pl.Utf8).to_list() == ["ncc"]
    # the kindergarten page: OSCAR's CRLF/NBSP copy normalizes to HPLT's copy; HPLT (110) beats OSCAR (100)
    kg = df.filter(pl.col("text").str.starts_with("Søknadsfristen for barnehageplass"))
    assert kg["source"].cast(pl.Utf8).to_list() == ["hplt_v12_nb"] and kg["duplicate_count"].to_list() == [1]


def test_lock_lists_inputs_with_hashes(v3: Path) -> None:
    lock = json.loads((v3 / "manifest.lock.json").read_text())
    assert lock["version"] == "V3" and lock["sample"] is True and len(lock["config_hash"]) == 64
    assert lock["manifest"]["version"] == "V3"
    files = [f for source in lock["inputs"].values() for f in source["files"]]
    assert len(files) >= 10 and all(f["checksum"].startswith("sha256:") and f["size"] > 0 for f in files)
    assert "mimir_core" in lock["skipped_sources"]  # no sample shard: skipped under --sample, and said so


def test_rebuild_is_byte_identical_and_up_to_date(v3: Path, tmp_path: Path) -> None:
    manifest = load_manifest(resolve_manifest("V3"))
    again = build(manifest, BuildOptions(out=tmp_path, sample=True, execution=ExecutionConfig(workers=2)))
    assert _files(again.version_dir) == _files(v3)
    assert (again.version_dir / "stats.json").read_bytes() == (v3 / "stats.json").read_bytes()
    assert (again.version_dir / "manifest.lock.json").read_text() != ""
    third = build(manifest, BuildOptions(out=tmp_path, sample=True, execution=ExecutionConfig(workers=1)))
    assert third.up_to_date


def test_interrupted_build_resumes(v3: Path, tmp_path: Path) -> None:
    manifest = load_manifest(resolve_manifest("V3"))
    options = BuildOptions(out=tmp_path, sample=True, execution=ExecutionConfig(workers=1))
    done = build(manifest, options)
    # simulate a crash in the last stage: its completion markers, part of its output and the summary are gone
    select_dir = next((done.version_dir / ".work").glob("select-*"))
    for marker in (select_dir / "completions").iterdir():
        marker.unlink()
    next((done.version_dir / "data").rglob("*.parquet")).unlink()
    (done.version_dir / "manifest.lock.json").unlink()
    resumed = build(manifest, options)
    assert not resumed.up_to_date
    assert _files(resumed.version_dir) == _files(v3)


def test_new_thresholds_reuse_the_tags_and_give_what_a_fresh_build_gives(v3: Path, tmp_path: Path) -> None:
    # A first build tags and decides in the same tasks (one ingest+decide stage) and records its tasks as
    # ingest's too; a version with other thresholds then reads the staged tags back instead of re-tagging,
    # and must keep exactly what a build that starts from nothing keeps.
    manifest = load_manifest(resolve_manifest("V3"))
    options = BuildOptions(out=tmp_path / "reused", sample=True, execution=ExecutionConfig(workers=1))
    first = build(manifest, options)
    assert _files(first.version_dir) == _files(v3)
    staged = {p: p.stat().st_mtime_ns for p in next((first.version_dir / ".work").glob("ingest-*")).rglob("*.parquet")}
    assert staged
    quality = manifest.quality
    stricter = manifest.model_copy(
        update={"quality": quality.model_copy(update={"nob": quality.nob.model_copy(update={"min_doc_words": 150})})}
    )
    second = build(stricter, options)
    assert {p: p.stat().st_mtime_ns for p in staged} == staged  # the tags were read back, not redone
    fresh = build(stricter, BuildOptions(out=tmp_path / "fresh", sample=True, execution=ExecutionConfig(workers=2)))
    assert _files(second.version_dir) == _files(fresh.version_dir)
    assert second.stats == fresh.stats
    assert second.stats["totals"]["kept"] < first.stats["totals"]["kept"]  # the threshold did change something
