"""`--executor ray --ray-address`: a real multi-process Ray cluster on loopback (a head and a worker node)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from norcorpus.cli import main

pytestmark = pytest.mark.ray


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    ray_bin = shutil.which("ray", path=os.path.dirname(sys.executable))
    if ray_bin is None:
        pytest.skip("ray is not installed (pip install 'norcorpus[ray]')")
    port = _free_port()
    address = f"127.0.0.1:{port}"
    # `ray start --head` turns token authentication on (token in ~/.ray/auth_token); every other process of
    # the cluster, and the driver, must say so
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token"}
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("RAY_AUTH_MODE", "token")
    common = ["--num-cpus=1", "--disable-usage-stats"]
    subprocess.run([ray_bin, "start", "--head", f"--port={port}", "--node-ip-address=127.0.0.1",
                    "--include-dashboard=false", *common], check=True, capture_output=True, env=env, timeout=180)
    try:
        subprocess.run([ray_bin, "start", f"--address={address}", "--node-ip-address=127.0.0.1", *common],
                       check=True, capture_output=True, env=env, timeout=180)
        yield address
    finally:
        subprocess.run([ray_bin, "stop", "--force"], capture_output=True, env=env, timeout=120)
        monkeypatch.undo()


def _content(version_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(version_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((version_dir / "data").rglob("*.parquet"))
    }


def _build(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code in (None, 0)


def test_cluster_has_two_nodes(cluster: str) -> None:
    code = f"import ray; ray.init(address='{cluster}', log_to_driver=False); print(len(ray.nodes()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "2"


def test_build_on_the_cluster_matches_the_local_build(cluster: str, tmp_path: Path) -> None:
    _build(["build", "V3", "--sample", "--out", str(tmp_path / "local"), "--workers", "1"])
    _build(["build", "V3", "--sample", "--out", str(tmp_path / "ray"), "--executor", "ray",
            "--ray-address", cluster, "--workers", "2"])
    local, ray_dir = tmp_path / "local" / "V3", tmp_path / "ray" / "V3"
    assert _content(ray_dir) == _content(local) != {}
    assert (ray_dir / "stats.json").read_text() == (local / "stats.json").read_text()


def test_without_an_address_the_build_starts_its_own_cluster(
    cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ray's default would join the cluster of the last `ray start` on this machine (the fixture's two nodes)
    import ray

    from norcorpus.versions.executors import ExecutionConfig, ExecutorKind, ray_session

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    with ray_session(ExecutionConfig(executor=ExecutorKind.RAY)):
        assert len(ray.nodes()) == 1
    assert not ray.is_initialized()
