"""Shared fixtures. `shared_data` is ../shared/data beside the repository (or $NORCORPUS_SHARED_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    return Path(os.environ.get("NORCORPUS_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not (path / "lid").is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path
