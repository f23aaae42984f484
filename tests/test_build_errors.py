"""Build failures a user can cause: one ERROR line naming the problem, never a traceback."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from norcorpus.cli import main; main()", *args],
        capture_output=True, text=True, timeout=300, env=env,
    )


def _manifest(tmp_path: Path, paths: list[str]) -> Path:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(json.dumps({
        "version": "T1", "sources": [{"name": "news", "format": "generic", "paths": paths}]
    }))
    return manifest


@pytest.mark.parametrize("workers", ["1", "2"])
def test_truncated_shard_stops_with_one_line(tmp_path: Path, workers: str) -> None:
    good = tmp_path / "a.jsonl.gz"
    good.write_bytes(gzip.compress(b'{"text": "Dette er en helt vanlig tekst."}\n', mtime=0))
    bad = tmp_path / "b.jsonl.gz"
    data = gzip.compress(b"".join(b'{"text": "linje %d med tekst"}\n' % i for i in range(5000)), mtime=0)
    bad.write_bytes(data[: len(data) // 2])
    manifest = _manifest(tmp_path, [str(tmp_path / "*.jsonl.gz")])
    result = _run("build", str(manifest), "--out", str(tmp_path / "out"), "--workers", workers)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and str(bad) in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "T1" / "stats.json").exists()


def test_no_matching_files_and_unset_variable(tmp_path: Path) -> None:
    result = _run("build", str(_manifest(tmp_path, [str(tmp_path / "none-*.jsonl")])), "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR: source news: no file matches")
    manifest = _manifest(tmp_path, ["${NORCORPUS_TEST_UNSET_DIR}/*.jsonl"])
    result = _run("build", str(manifest), "--out", str(tmp_path))
    assert result.returncode == 1 and "${NORCORPUS_TEST_UNSET_DIR}" in result.stderr.splitlines()[0]
    assert "Traceback" not in result.stderr


def test_real_sources_without_data_tell_the_user_about_sample(tmp_path: Path) -> None:
    # V3 points at partner data through ${NORCORPUS_MIMIR_DIR}; without it the build stops before reading
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("NORCORPUS_")}
    result = _run("build", "V3", "--out", str(tmp_path), env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("ERROR: source mimir_core: ${NORCORPUS_MIMIR_DIR}") and "--sample" in lines[1]
