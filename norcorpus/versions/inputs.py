"""Resolve a manifest's sources to concrete, sorted input files (local, hf://, s3://, https://)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from glob import has_magic
from pathlib import Path
from typing import Any

import fsspec
from fsspec.core import url_to_fs

from norcorpus.errors import SourceError
from norcorpus.versions.catalog import sample_dir
from norcorpus.versions.manifest import Manifest, SourceSpec

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class SourceInputs:
    """The files of one source, as a folder plus paths relative to it (what datatrove readers take)."""

    name: str
    root: str  # URL or local path of the common folder
    files: tuple[str, ...]  # relative to root, in reading order

    def urls(self) -> list[str]:
        return [f"{self.root.rstrip('/')}/{f}" for f in self.files]


def _expand(pattern: str, source: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise SourceError(
                f"source {source}: ${{{name}}} in its paths is not set",
                hint=f"export {name}=... (where this data lives), or build with --sample",
            )
        return os.environ[name]

    return _VAR.sub(sub, pattern)


def _list_pattern(pattern: str, source: str) -> tuple[Any, list[str]]:
    try:
        fs, path = url_to_fs(pattern)
    except (ImportError, ValueError) as exc:
        raise SourceError(f"source {source}: cannot open {pattern}: {exc}") from None
    try:
        if has_magic(path):
            found = sorted(p for p in fs.glob(path) if fs.isfile(p))
        else:
            found = [path] if fs.isfile(path) else []
    except Exception as exc:  # noqa: BLE001 - remote filesystems raise their own types (network, auth, gating)
        raise SourceError(
            f"source {source}: cannot list {pattern}: {_first_line(exc)}",
            hint="check the network and credentials (HF_TOKEN for gated datasets, AWS_* for s3), or use --sample",
        ) from None
    return fs, found


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _read_path_list(url: str, source: str) -> list[str]:
    try:
        with fsspec.open(url, "rt", encoding="utf-8") as handle:
            return [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    except Exception as exc:  # noqa: BLE001 - as in _list_pattern
        raise SourceError(
            f"source {source}: cannot read path list {url}: {_first_line(exc)}",
            hint="check the network, or use --sample",
        ) from None


def resolve_source(spec: SourceSpec, sample: bool) -> SourceInputs:
    if sample:
        patterns = [str(sample_dir() / p) for p in spec.sample]
    else:
        patterns = [_expand(p, spec.name) for p in spec.paths]
        for url in spec.path_lists:
            patterns.extend(_read_path_list(_expand(url, spec.name), spec.name))
    fs = None
    files: list[str] = []
    for pattern in patterns:
        pattern_fs, found = _list_pattern(pattern, spec.name)
        if fs is not None and type(pattern_fs) is not type(fs):
            raise SourceError(f"source {spec.name}: all paths of one source must be on one filesystem")
        fs = pattern_fs
        if not found:
            raise SourceError(f"source {spec.name}: no file matches {pattern}")
        files.extend(f for f in found if f not in files)
    if fs is None or not files:
        raise SourceError(f"source {spec.name}: no paths")
    root = os.path.commonpath(files) if len(files) > 1 else os.path.dirname(files[0])
    if root in files:  # a single file
        root = os.path.dirname(root)
    relative = tuple(os.path.relpath(f, root) if root else f for f in files)
    root_url = root if _is_local(fs) else fs.unstrip_protocol(root)
    return SourceInputs(spec.name, root_url, relative)


def _is_local(fs: Any) -> bool:
    return "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def resolve_inputs(manifest: Manifest, sample: bool) -> list[SourceInputs]:
    """Every source's files; under --sample, only the sources that have sample shards."""
    specs = [spec for spec in manifest.sources if not sample or spec.sample]
    if not sample:  # an unset ${VAR} is found before any slow or remote listing starts
        for spec in specs:
            for pattern in spec.paths + spec.path_lists:
                _expand(pattern, spec.name)
    return [resolve_source(spec, sample) for spec in specs]


@dataclass(frozen=True)
class FileFingerprint:
    url: str
    size: int | None
    checksum: str | None  # "sha256:<hex>" for local files, the store's checksum (etag, lfs sha256) otherwise


def fingerprint(url: str, cache: dict[str, str] | None = None) -> FileFingerprint:
    """Size and checksum of an input file. Local files are hashed (sha256) once per (size, mtime): `cache`
    maps `path|size|mtime_ns` to the checksum, so re-running a build does not re-read its inputs."""
    fs, path = url_to_fs(url)
    if _is_local(fs):
        stat = Path(path).stat()
        key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
        if cache is not None and key in cache:
            return FileFingerprint(url, stat.st_size, cache[key])
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        checksum = f"sha256:{digest.hexdigest()}"
        if cache is not None:
            cache[key] = checksum
        return FileFingerprint(url, stat.st_size, checksum)
    info = fs.info(path)
    lfs = info.get("lfs") or {}
    checksum = (
        f"sha256:{lfs['sha256']}" if lfs.get("sha256") else info.get("ETag") or info.get("etag") or info.get("sha")
    )
    return FileFingerprint(url, info.get("size"), str(checksum) if checksum else None)
