"""Typed tokenizer presets (manifests/tokenizers/*.yaml): vocabulary size, SentencePiece options, sample.

A preset is the whole recipe of a tokenizer, so two runs of the same preset on the same corpus give the
same `tokenizer.model`. The per-language weights decide how the character budget of the training sample
is shared between languages; the lead will fill them from the corpus version manifest later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from norcorpus.errors import ConfigError
from norcorpus.versions.catalog import manifests_dir

# ids 0-3 are fixed: Llama/Mistral-style models expect <unk>=0, <s>=1, </s>=2; <pad> gets its own id so
# that padding never looks like an end of document.
SPECIAL_TOKENS: dict[str, int] = {"<unk>": 0, "<s>": 1, "</s>": 2, "<pad>": 3}


class SampleConfig(BaseModel):
    """How the training sample is drawn from the corpus."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_chars: int = Field(500_000_000, gt=0, description="Character budget of the sample (bounds memory).")
    lang_weights: dict[str, float] = Field(
        default_factory=dict,
        description="lang -> weight: shares of the budget. Languages not listed get `default_weight`.",
    )
    default_weight: float = Field(0.0, ge=0.0, description="Weight of languages missing from lang_weights.")
    max_repeat: float = Field(
        16.0, ge=1.0, description="A language smaller than its share is repeated at most this many times."
    )
    seed: int = 13
    max_sentence_chars: int = Field(
        4000, gt=0, description="Longer sentences are cut at a space (SentencePiece skips over-long lines)."
    )
    min_sentence_chars: int = Field(1, ge=1)

    @field_validator("lang_weights")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in value.items() if v < 0}
        if bad:
            raise ValueError(f"language weights must be >= 0, got {bad}")
        return value

    def weight(self, lang: str) -> float:
        return self.lang_weights.get(lang, self.default_weight)


class TokenizerPreset(BaseModel):
    """One tokenizer recipe: SentencePiece BPE with byte fallback, split digits, identity normalization."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    vocab_size: int = Field(..., ge=300, description="Including the 4 special tokens and 256 byte pieces.")
    model_type: Literal["bpe"] = "bpe"
    character_coverage: float = Field(0.99995, gt=0.0, le=1.0)
    byte_fallback: bool = True
    split_digits: bool = True
    max_sentencepiece_length: int = Field(16, ge=1)
    num_threads: int = Field(2, ge=1)
    sample: SampleConfig = Field(default_factory=SampleConfig)

    def with_overrides(self, **changes: object) -> TokenizerPreset:
        """A copy with top-level or `sample.` fields changed (None values are ignored), re-validated."""
        data = self.model_dump()
        for key, value in changes.items():
            if value is None:
                continue
            if key in SampleConfig.model_fields:
                data["sample"][key] = value
            else:
                data[key] = value
        try:
            return TokenizerPreset.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(f"invalid tokenizer option: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def presets_dir() -> Path:
    return manifests_dir() / "tokenizers"


def known_presets() -> list[str]:
    folder = presets_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_preset(ref: str | Path) -> TokenizerPreset:
    """A preset from a name (`64k`) or a YAML path."""
    path = Path(ref)
    if not (str(ref).endswith((".yaml", ".yml")) or "/" in str(ref)):
        path = presets_dir() / f"{ref}.yaml"
        if not path.is_file():
            raise ConfigError(
                f"unknown tokenizer preset {ref!r} (known: {', '.join(known_presets()) or 'none'})",
                hint="give a preset name or a path to a preset YAML",
            )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"tokenizer preset not found: {path}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"tokenizer preset {path} is not valid YAML: {exc}".splitlines()[0]) from None
    try:
        return TokenizerPreset.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"tokenizer preset {path}: {_first_error(exc)}") from None
