"""The typed version manifest: what a corpus version reads, and the thresholds that decide what it keeps.

A manifest with only `version` and `sources[].{name, format, paths}` is valid; everything else has
defaults. The same models are used by the CLI, so an option and a manifest key never disagree.
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from norcorpus.dedup.config import MinhashConfig
from norcorpus.errors import ConfigError
from norcorpus.filters.pii_config import PiiConfig
from norcorpus.filters.quality_config import QualityConfig
from norcorpus.lid.config import LidConfig
from norcorpus.normalize.config import NormalizeConfig
from norcorpus.pack.config import MixingConfig
from norcorpus.langs import Lang

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class SourceFormat(StrEnum):
    """The on-disk format of a source; each has one reader in `norcorpus.sources`."""

    MC4 = "mc4"
    OSCAR = "oscar"  # OSCAR 23.01
    HPLT_V1 = "hplt_v1"  # HPLT v1.2
    HPLT_V2 = "hplt_v2"
    NCC = "ncc"
    CULTURAX = "culturax"
    GENERIC = "generic"  # JSONL(.gz/.zst) or Parquet with a text field (partner data)


class SourceCategory(StrEnum):
    """The columns of the NorwAI report's Table 2, used for reporting only."""

    NATIONAL_LIBRARY = "national_library"
    PARTNER = "partner"
    COMMON_CRAWL = "common_crawl"
    SOCIAL = "social"
    OTHER = "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Strict):
    name: str = Field(description="short unique name; becomes the `source` column and part of every id")
    format: SourceFormat
    paths: list[str] = Field(
        default_factory=list,
        description="files, globs or URLs (local, hf://, s3://, https://); ${VAR} is expanded from the environment",
    )
    path_lists: list[str] = Field(
        default_factory=list,
        description="text files (local or URL) listing one shard URL per line, as HPLT publishes them",
    )
    sample: list[str] = Field(
        default_factory=list,
        description="shards of the embedded sample that stand in for this source under --sample",
    )
    licence: str = "unspecified"
    category: SourceCategory = SourceCategory.OTHER
    priority: int = Field(
        default=100,
        ge=1,
        le=65535,
        description="survivor choice in dedup: among duplicates the document of the highest priority is kept",
    )
    description: str = ""
    # Only for the generic format: where the fields are.
    text_key: str = "text"
    id_key: str | None = "id"
    url_key: str | None = "url"
    date_key: str | None = "date"

    @model_validator(mode="after")
    def _has_paths(self) -> SourceSpec:
        if not self.paths and not self.path_lists:
            raise ValueError(f"source {self.name!r} needs `paths` (or `path_lists`)")
        return self

    @field_validator("name")
    @classmethod
    def _name_is_simple(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"{value!r} must be lower-case letters, digits and _ (it becomes a path part)")
        return value


class LimitsConfig(_Strict):
    max_document_chars: int = Field(
        default=10_000_000,
        ge=1000,
        description="longer documents are dropped as `too_long` (a 10M-character page is a dump, not a text; "
        "books are 0.5-2M)",
    )


class DedupConfig(_Strict):
    exact: bool = Field(default=True, description="drop exact duplicates of the normalized text")
    finder_tasks: int = Field(default=1, ge=1, description="parallel tasks of the exact duplicate-finding stage")
    minhash: MinhashConfig | None = Field(
        default_factory=MinhashConfig,
        description="near-duplicate dedup (MinHash LSH + true-Jaccard verification); null turns it off",
    )
    against: str | None = Field(
        default=None,
        description="a previous build (e.g. corpora/V2): near-duplicates of its documents are dropped too, "
        "so only new content is added",
    )

    @model_validator(mode="after")
    def _against_needs_minhash(self) -> DedupConfig:
        if self.against and self.minhash is None:
            raise ValueError("`against` needs `minhash` (the index is the previous build's MinHash signatures)")
        return self


class Manifest(_Strict):
    version: str = Field(description="the corpus version this manifest builds, e.g. V3")
    description: str = ""
    sources: list[SourceSpec] = Field(min_length=1)
    languages: list[Lang] = Field(
        default_factory=list,
        description="languages kept in the corpus (empty: all); others are dropped with reason `language`",
    )
    tasks: int | None = Field(
        default=None,
        ge=1,
        description="datatrove tasks of the ingest and select stages; default: one per input file",
    )
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    normalize: NormalizeConfig = Field(default_factory=NormalizeConfig)
    lid: LidConfig = Field(default_factory=LidConfig)
    pii: PiiConfig = Field(default_factory=PiiConfig)
    quality: QualityConfig = Field(
        default_factory=QualityConfig, description="per-language thresholds on the quality tags (FineWeb-2 defaults)"
    )
    dedup: DedupConfig = Field(default_factory=DedupConfig)
    mixing: MixingConfig = Field(
        default_factory=MixingConfig,
        description="training mix: repetition per language / source (up to 16x, the NorMistral recipe); "
        "`norcorpus pack --mixing MANIFEST.yaml` reads it",
    )

    @field_validator("version")
    @classmethod
    def _version_is_simple(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", value):
            raise ValueError(f"{value!r} must be letters, digits, '.', '_' or '-' (it becomes a directory)")
        return value

    @model_validator(mode="after")
    def _unique_source_names(self) -> Manifest:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice")
            seen.add(source.name)
        return self

    def source(self, name: str) -> SourceSpec:
        for spec in self.sources:
            if spec.name == name:
                return spec
        raise ConfigError(f"manifest {self.version} has no source {name!r}")

    def canonical_json(self) -> str:
        """The resolved manifest as canonical JSON (sorted keys): the basis of config hashes."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)

    def config_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


def _error_location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_manifest(data: Any, origin: str) -> Manifest:
    """Validate manifest data; a problem becomes one ConfigError line naming the key."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: a manifest must be a mapping with `version` and `sources`")
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            msg = "unknown key"
        elif first["type"] == "missing":
            msg = "required key is missing"
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise ConfigError(f"{origin}: {_error_location(first['loc'])}: {msg}{more}") from None


def load_manifest(path: str | Path) -> Manifest:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"manifest {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read manifest {path}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}:{where}: {problem}") from None
    return parse_manifest(data, str(path))
