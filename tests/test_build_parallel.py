"""The same content whatever the executor and the number of workers (tasks are fixed by the manifest)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.executors import ExecutionConfig, ExecutorKind
from norcorpus.versions.manifest import load_manifest


def _three_task_v3():
    return load_manifest(resolve_manifest("V3")).model_copy(update={"tasks": 3})


def _content(version_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(version_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((version_dir / "data").rglob("*.parquet"))
    }


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seq")
    return build(_three_task_v3(), BuildOptions(out=out, sample=True, execution=ExecutionConfig(workers=1))).version_dir


def test_local_processes_match_sequential(sequential: Path, tmp_path: Path) -> None:
    result = build(_three_task_v3(), BuildOptions(out=tmp_path, sample=True, execution=ExecutionConfig(workers=2)))
    assert len({p.name for p in (result.version_dir / "data").rglob("*.parquet")}) > 1  # several tasks wrote
    assert _content(result.version_dir) == _content(sequential)
    assert (result.version_dir / "stats.json").read_text() == (sequential / "stats.json").read_text()


@pytest.mark.ray
def test_ray_local_cluster_matches_local(sequential: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    config = ExecutionConfig(executor=ExecutorKind.RAY, workers=2)
    result = build(_three_task_v3(), BuildOptions(out=tmp_path, sample=True, execution=config))
    assert _content(result.version_dir) == _content(sequential)
    assert (result.version_dir / "stats.json").read_text() == (sequential / "stats.json").read_text()
