"""Dedup inside `norcorpus build`: exact + MinHash across sources, the cluster table, `against` a previous build."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from norcorpus.dedup.config import MinhashConfig
from norcorpus.errors import ConfigError
from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.executors import ExecutionConfig
from norcorpus.versions.manifest import DedupConfig, load_manifest

OPTIONS = {"sample": True, "execution": ExecutionConfig(workers=1)}


def _corpus(version_dir: Path) -> pl.DataFrame:
    return pl.read_parquet(version_dir / "data" / "**" / "*.parquet").with_columns(
        pl.col("source").cast(pl.Utf8), pl.col("lang").cast(pl.Utf8)
    )


@pytest.fixture(scope="module")
def v3(tmp_path_factory: pytest.TempPathFactory):
    return build(load_manifest(resolve_manifest("V3")), BuildOptions(out=tmp_path_factory.mktemp("v3"), **OPTIONS))


def test_near_duplicate_is_dropped_for_its_representative(v3) -> None:
    df = _corpus(v3.version_dir)
    relay = df.filter(pl.col("text").str.starts_with("Norge vant stafetten"))
    # OSCAR's copy carries an extra share line: not exact, but Jaccard >= 0.8 with mC4's copy
    assert relay["source"].to_list() == ["mc4_no"]
    assert relay["cluster_size"].to_list() == [2] and relay["cluster_id"].to_list() == relay["id"].to_list()
    assert relay["duplicate_count"].to_list() == [0]  # a near, not an exact, copy was dropped
    assert v3.stats["sources"]["oscar_no"]["dropped"]["near_duplicate"] == 1
    alone = df.filter(pl.col("cluster_size") == 1)
    assert (alone["cluster_id"] == alone["id"]).all()


def test_cluster_table_covers_every_document_that_reached_minhash(v3) -> None:
    table = pl.read_parquet(v3.version_dir / "clusters" / "*.parquet")
    assert table.columns == ["id", "cluster_id", "cluster_size"]
    sources = v3.stats["sources"].values()
    # dedup sees the documents that pass the version's decisions: the kept ones and their duplicates
    deduplicated = sum(c["dropped"].get(r, 0) for c in sources for r in ("exact_duplicate", "near_duplicate"))
    assert table.height == v3.stats["totals"]["kept"] + deduplicated and table["id"].n_unique() == table.height
    # a cluster_id is always a representative, and a representative is its own cluster_id
    representatives = set(table.filter(pl.col("id") == pl.col("cluster_id"))["id"])
    assert set(table["cluster_id"]) == representatives
    df = _corpus(v3.version_dir)
    assert (df["cluster_id"] == df["id"]).all()  # every kept document represents its cluster
    dropped = table.filter(pl.col("cluster_id") != pl.col("id"))
    assert dropped.height == deduplicated
    # exact copies are counted on their representative
    assert df["duplicate_count"].sum() == v3.stats["dropped"]["exact_duplicate"]


def test_only_new_content_against_a_previous_version(v3, tmp_path: Path) -> None:
    v2 = build(load_manifest(resolve_manifest("V2")), BuildOptions(out=tmp_path, **OPTIONS))
    manifest = load_manifest(resolve_manifest("V3"))
    against = manifest.model_copy(
        update={"version": "V3new", "dedup": DedupConfig(against=str(v2.version_dir))}
    )
    new = build(against, BuildOptions(out=tmp_path, **OPTIONS))
    old_texts = set(_corpus(v2.version_dir)["text"])
    new_df = _corpus(new.version_dir)
    assert new_df.height > 0 and not set(new_df["text"]) & old_texts
    # everything V3 has beyond V2, and nothing else
    full = set(_corpus(v3.version_dir)["text"])
    assert set(new_df["text"]) == full - old_texts
    dropped = new.stats["dropped"]
    assert dropped["exact_duplicate"] + dropped.get("near_duplicate", 0) >= len(full & old_texts)


def test_against_must_be_a_finished_build(tmp_path: Path) -> None:
    manifest = load_manifest(resolve_manifest("V3"))
    bad = manifest.model_copy(update={"dedup": DedupConfig(against=str(tmp_path))})
    with pytest.raises(ConfigError, match="not a finished build"):
        build(bad, BuildOptions(out=tmp_path, **OPTIONS))


def test_minhash_can_be_turned_off(tmp_path: Path) -> None:
    manifest = load_manifest(resolve_manifest("V3"))
    off = manifest.model_copy(update={"dedup": DedupConfig(minhash=None)})
    result = build(off, BuildOptions(out=tmp_path, **OPTIONS))
    assert "near_duplicate" not in result.stats["dropped"]
    assert not (result.version_dir / "clusters").exists()
    assert DedupConfig().minhash == MinhashConfig()
