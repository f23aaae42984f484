"""`norcorpus diff` between versions and `norcorpus publish --dry-run` with its dataset card."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from norcorpus.cli import main
from norcorpus.errors import ConfigError
from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.diff import Change, diff_versions
from norcorpus.versions.executors import ExecutionConfig
from norcorpus.versions.manifest import load_manifest
from norcorpus.versions.publish import dataset_card, publish


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("versions")
    options = BuildOptions(out=out, sample=True, execution=ExecutionConfig(workers=1))
    return {v: build(load_manifest(resolve_manifest(v)), options).version_dir for v in ("V2", "V3")}


def _ids(version_dir: Path) -> pl.DataFrame:
    return pl.read_parquet(version_dir / "data" / "**" / "*.parquet", columns=["id", "text"])


def test_diff_accounts_for_both_versions(builds: dict[str, Path]) -> None:
    result = diff_versions(builds["V2"], builds["V3"]).as_dict()
    t = {k: v["documents"] for k, v in result["totals"].items()}
    old, new = _ids(builds["V2"]), _ids(builds["V3"])
    assert t.get("kept", 0) + t.get("changed", 0) + t.get("added", 0) + t.get("moved", 0) == new.height
    assert t.get("kept", 0) + t.get("changed", 0) + t.get("removed", 0) + t.get("moved", 0) == old.height
    # what is added is exactly the text V2 does not have; what is removed, the text V3 does not have
    new_only = new.filter(~pl.col("id").is_in(old["id"].implode()) & ~pl.col("text").is_in(old["text"].implode()))
    old_only = old.filter(~pl.col("id").is_in(new["id"].implode()) & ~pl.col("text").is_in(new["text"].implode()))
    assert t.get("added", 0) == new_only.height and t.get("removed", 0) == old_only.height
    # V3's Sámi sources are new; V2's Danish mC4 page is not in V3 (V3 keeps nob, nno, sme)
    assert result["by_source_language"]["sami_giellalt"]["sme"]["added"]["documents"] == 3
    assert result["by_source_language"]["mc4_no"]["dan"]["removed"]["documents"] == 1
    words_added = sum(
        c["added"]["words"] for langs in result["by_source_language"].values() for c in langs.values() if "added" in c
    )
    assert result["totals"]["added"]["words"] == words_added > 0


def test_diff_of_a_version_with_itself_keeps_everything(builds: dict[str, Path]) -> None:
    result = diff_versions(builds["V3"], builds["V3"]).as_dict()
    assert set(result["totals"]) == {Change.KEPT.value}
    assert result["totals"]["kept"]["documents"] == _ids(builds["V3"]).height


def test_diff_cli_json_and_errors(builds: dict[str, Path], tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", str(builds["V2"]), str(builds["V3"]), "--json"])
    assert exit_info.value.code in (None, 0)
    assert json.loads(capsys.readouterr().out)["new"] == str(builds["V3"])
    with pytest.raises(ConfigError, match="not a finished build"):
        diff_versions(tmp_path, builds["V3"])


def test_publish_dry_run_lists_files_and_writes_the_card(builds: dict[str, Path], monkeypatch) -> None:
    import huggingface_hub

    def no_network(*args, **kwargs):
        raise AssertionError("a dry run must not talk to the Hub")

    monkeypatch.setattr(huggingface_hub, "HfApi", no_network)
    files = publish(builds["V3"], "norwai/norllm-v3", dry_run=True)
    paths = [f.path for f in files]
    assert "README.md" in paths and "stats.json" in paths and "manifest.lock.json" in paths
    parquet = sorted(p.relative_to(builds["V3"]).as_posix() for p in (builds["V3"] / "data").rglob("*.parquet"))
    assert [p for p in paths if p.startswith("data/")] == parquet
    assert any(p.startswith("clusters/") for p in paths) and not any(p.startswith(".work") for p in paths)
    card = (builds["V3"] / "README.md").read_text()
    assert card == dataset_card(builds["V3"])
    stats = json.loads((builds["V3"] / "stats.json").read_text())
    assert "- se" in card and "config_name: sme" in card
    ncc = stats["by_source_language"]["ncc"]["nob"]
    assert "| National Library | ncc |" in card and f"{ncc['documents']:,} docs / {ncc['words']:,} words" in card
    assert f"**{stats['totals']['words']:,}**" in card


def test_publish_needs_org_and_name(builds: dict[str, Path]) -> None:
    with pytest.raises(ConfigError, match="ORG/NAME"):
        publish(builds["V3"], "just-a-name", dry_run=True)
