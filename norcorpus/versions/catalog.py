"""Where `norcorpus build V3` finds manifests/V3.yaml, and where the embedded sample lives."""

from __future__ import annotations

from pathlib import Path

from norcorpus.errors import ConfigError

_PACKAGE = Path(__file__).resolve().parents[1]


def manifests_dir() -> Path:
    # an installed wheel carries a copy (pyproject force-include); a source checkout has the top-level dir
    for candidate in (_PACKAGE / "_manifests", _PACKAGE.parent / "manifests"):
        if candidate.is_dir():
            return candidate
    raise ConfigError("no manifests directory found in this installation", hint="pass a MANIFEST.yaml path")


def sample_dir() -> Path:
    return _PACKAGE / "sample" / "data"


def known_versions() -> list[str]:
    return sorted(p.stem for p in manifests_dir().glob("*.yaml"))


def resolve_manifest(ref: str) -> Path:
    """A path to a manifest file, from a version name (V3) or a path (my.yaml)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return Path(ref)
    path = manifests_dir() / f"{ref}.yaml"
    if not path.is_file():
        raise ConfigError(
            f"unknown corpus version {ref!r} (known: {', '.join(known_versions()) or 'none'})",
            hint="give a version name or a path to a MANIFEST.yaml",
        )
    return path
