"""Build directories (`OUT/<version>/`) as the dashboard reads them: stats.json, the lock and the Parquet files.

A build is complete when `manifest.lock.json` exists (the build writes it last), so a directory without it is
refused rather than half-reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from norcorpus.errors import ConfigError

STATS_FILE = "stats.json"
LOCK_FILE = "manifest.lock.json"
DATA_DIR = "data"
CLUSTERS_DIR = "clusters"

# Figure 1A of the NorwAI report groups sources by kind; the manifest declares each source's category.
CATEGORIES = ("national_library", "partner", "common_crawl", "social", "other")
CATEGORY_LABELS = {
    "national_library": "National Library",
    "partner": "industry partners",
    "common_crawl": "Common Crawl",
    "social": "social media",
    "other": "others",
}


@dataclass(frozen=True)
class BuildDir:
    path: Path
    version: str
    stats: dict[str, Any]
    lock: dict[str, Any]
    label: str = ""  # unique name on the page (the version, or version + folder when two share a version)
    categories: dict[str, str] = field(default_factory=dict)  # source → category

    @property
    def data_files(self) -> list[Path]:
        return sorted((self.path / DATA_DIR).glob("**/*.parquet"))

    @property
    def cluster_files(self) -> list[Path]:
        return sorted((self.path / CLUSTERS_DIR).glob("*.parquet"))

    @property
    def sample(self) -> bool:
        return bool(self.lock.get("sample", self.stats.get("sample", False)))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}".splitlines()[0], hint="rebuild this version") from None
    if not isinstance(value, dict):
        raise ConfigError(f"{path} is not a JSON object", hint="rebuild this version")
    return value


def _is_build(path: Path) -> bool:
    return (path / STATS_FILE).is_file() or (path / LOCK_FILE).is_file()


def _natural_key(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _expand(path: Path) -> list[Path]:
    """A build directory, or an output root (`OUT/`) holding several: all its versions, in natural order."""
    if not path.is_dir():
        raise ConfigError(
            f"build directory not found: {path}", hint="give OUT/<version>/ as written by norcorpus build"
        )
    if _is_build(path):
        return [path]
    children = sorted(
        (c for c in path.iterdir() if c.is_dir() and _is_build(c)), key=lambda c: _natural_key(c.name)
    )
    if not children:
        raise ConfigError(
            f"{path} is not a build directory (no {STATS_FILE})",
            hint="give OUT/<version>/ as written by `norcorpus build VERSION --out OUT`, or OUT itself",
        )
    return children


def _load(path: Path) -> BuildDir:
    if not (path / LOCK_FILE).is_file():
        raise ConfigError(
            f"build {path} is incomplete (no {LOCK_FILE})",
            hint="run the same `norcorpus build` again to finish it",
        )
    if not (path / STATS_FILE).is_file():
        raise ConfigError(f"build {path} has no {STATS_FILE}", hint="run the same `norcorpus build` again")
    stats, lock = _read_json(path / STATS_FILE), _read_json(path / LOCK_FILE)
    for key in ("sources", "by_source_language", "totals"):
        if not isinstance(stats.get(key), dict):
            raise ConfigError(
                f"{path / STATS_FILE} has no `{key}`", hint="rebuild it with this norcorpus version"
            )
    manifest = lock.get("manifest") or {}
    categories = {s["name"]: s.get("category", "other") for s in manifest.get("sources", []) if "name" in s}
    version = str(stats.get("version") or lock.get("version") or path.name)
    return BuildDir(path=path, version=version, stats=stats, lock=lock, categories=categories)


def open_builds(paths: list[Path]) -> list[BuildDir]:
    """Every build named (or found under an output root), each once, labelled uniquely."""
    if not paths:
        raise ConfigError("give at least one build directory", hint="e.g. norcorpus dashboard corpora/V3")
    seen: dict[Path, None] = {}
    for path in paths:
        for found in _expand(Path(path)):
            seen.setdefault(found.resolve(), None)
    builds = [_load(p) for p in seen]
    counts: dict[str, int] = {}
    for b in builds:
        counts[b.version] = counts.get(b.version, 0) + 1
    labelled = []
    for b in builds:
        label = b.version if counts[b.version] == 1 else f"{b.version} ({b.path.parent.name}/{b.path.name})"
        labelled.append(BuildDir(b.path, b.version, b.stats, b.lock, label, b.categories))
    return labelled
