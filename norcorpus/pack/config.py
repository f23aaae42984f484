"""Typed configuration of `norcorpus pack`: the mixing weights and the packing options.

The mixing config is what the version manifest will embed (per-language and per-source weights, the
NorMistral recipe of repeating low-resource data up to 16x); `PackConfig` is everything one pack run needs.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_REPETITION = 16.0
DEFAULT_SHARD_BYTES = 1 << 26  # 64 MiB, mosaicml-streaming's default size_limit


class TokenDtype(StrEnum):
    INT32 = "int32"  # LLM Foundry's documented `ndarray:int32`
    UINT16 = "uint16"  # half the bytes; only when every id < 65536
    AUTO = "auto"  # uint16 when the vocabulary fits, else int32


class MixingConfig(BaseModel):
    """Weights per language and per source; a document's weight is the product of the two (default 1).

    A weight w repeats every document floor(w) times and one more time with probability w - floor(w),
    decided by a hash of the document id and the seed (deterministic, no RNG state). 0 drops the data.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: dict[str, float] = Field(default_factory=dict)
    sources: dict[str, float] = Field(default_factory=dict)

    @field_validator("languages", "sources")
    @classmethod
    def _in_range(cls, weights: dict[str, float]) -> dict[str, float]:
        for name, weight in weights.items():
            if not 0.0 <= weight <= MAX_REPETITION:
                raise ValueError(f"weight of {name!r} is {weight}; it must lie in [0, {MAX_REPETITION:g}]")
        return weights

    def weight(self, source: str, lang: str) -> float:
        return self.languages.get(lang, 1.0) * self.sources.get(source, 1.0)


class PackConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    corpus: Path
    tokenizer: Path
    out: Path
    seq_len: int = Field(ge=8, le=1 << 20)
    wrap: bool = True  # wrap: one continuous stream cut every seq_len; no-wrap: a sample starts at a document
    seed: int = 17
    val_fraction: float = Field(default=0.005, ge=0.0, lt=0.5)
    dtype: TokenDtype = TokenDtype.INT32
    shard_bytes: int = Field(default=DEFAULT_SHARD_BYTES, ge=1 << 12)
    compression_level: int = Field(default=3, ge=1, le=19)
    batch_docs: int = Field(default=2048, ge=1)  # documents per tokenizer call in a worker
    mixing: MixingConfig = Field(default_factory=MixingConfig)

    @model_validator(mode="after")
    def _shard_fits_a_sample(self) -> PackConfig:
        if self.seq_len * 4 + 64 > self.shard_bytes:
            raise ValueError(f"--seq-len {self.seq_len} does not fit in a {self.shard_bytes}-byte shard")
        return self

    def digest(self, *extra: object) -> str:
        """Hash of everything that decides the output (not the output path), plus `extra` (input fingerprints)."""
        payload = self.model_dump(mode="json", exclude={"out", "corpus", "tokenizer"})
        blob = json.dumps([payload, *extra], sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
