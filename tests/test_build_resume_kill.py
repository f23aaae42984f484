"""`kill -9` in the middle of a build, then the same command: exactly the content of an uninterrupted build."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

WORDS = (
    "og i det som på er en til av for med at ikkje ein dei skal har var kommunen regjeringen fylket skulen "
    "barnehage vegen fjorden været dag år mange nye fleire gamle store små norske samiske bøker aviser"
).split()


def _corpus(root: Path, shards: int = 16, docs: int = 600) -> Path:
    rng = random.Random(7)
    src = root / "src"
    src.mkdir()
    for s in range(shards):
        lines = []
        for d in range(docs):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
            lines.append(json.dumps({"id": f"{s}-{d}", "text": text}))
        (src / f"part-{s:03d}.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    manifest = root / "m.yaml"
    manifest.write_text(json.dumps({"version": "K", "sources": [
        {"name": "web", "format": "generic", "paths": [str(src / "*.jsonl.gz")]}
    ]}))
    return manifest


def _cmd(manifest: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from norcorpus.cli import main; main()", "build", str(manifest),
            "--out", str(out), "--workers", "2"]


def _content(version_dir: Path) -> dict[str, str]:
    files = sorted((version_dir / "data").rglob("*.parquet")) + sorted((version_dir / "clusters").glob("*.parquet"))
    return {str(p.relative_to(version_dir)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.mark.slow
def test_kill_9_then_rerun_gives_the_uninterrupted_content(tmp_path: Path) -> None:
    manifest = _corpus(tmp_path)
    subprocess.run(_cmd(manifest, tmp_path / "whole"), check=True, capture_output=True, timeout=600)

    out = tmp_path / "killed"
    proc = subprocess.Popen(_cmd(manifest, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    done = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        done = len(list(out.glob("K/.work/decide-*/completions/*")))  # the first stage: ingest+decide
        if done >= 3:
            os.killpg(proc.pid, signal.SIGKILL)  # the build and its worker processes, mid-stage
            break
        time.sleep(0.05)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert 3 <= done < 16
    assert not (out / "K" / "stats.json").exists()

    rerun = subprocess.run(_cmd(manifest, out), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "already done" in rerun.stderr  # it resumed instead of starting over
    assert _content(out / "K") == _content(tmp_path / "whole" / "K") != {}
    assert (out / "K" / "stats.json").read_text() == (tmp_path / "whole" / "K" / "stats.json").read_text()
    stats = json.loads((out / "K" / "stats.json").read_text())
    assert stats["sources"]["web"]["read"] == 16 * 600  # nothing lost, nothing counted twice
