"""Model presets for `norcorpus train config` (manifests/train/<name>.yaml), as typed configs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from norcorpus.errors import ConfigError
from norcorpus.versions.catalog import manifests_dir


class ModelName(StrEnum):
    GPT_350M = "gpt-350m"
    LLAMA2_7B = "llama2-7b"
    MISTRAL_7B = "mistral-7b"
    MIXTRAL_8X7B = "mixtral-8x7b"


class Family(StrEnum):
    MPT = "mpt"  # LLM Foundry's own model (mpt_causal_lm)
    LLAMA = "llama"  # the rest: HF architectures through LLM Foundry's hf_causal_lm
    MISTRAL = "mistral"
    MIXTRAL = "mixtral"


class TrainingPreset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    global_train_batch_size: int = Field(gt=0)
    device_train_microbatch_size: int = Field(gt=0)
    device_eval_batch_size: int = Field(gt=0)
    lr: float = Field(gt=0)
    weight_decay: float = Field(ge=0)
    warmup: str
    activation_checkpointing: bool


class ModelPreset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ModelName
    family: Family
    max_seq_len: int = Field(gt=0)
    model: dict[str, Any]
    training: TrainingPreset


def presets_dir() -> Path:
    return manifests_dir() / "train"


def load_preset(name: ModelName | str) -> ModelPreset:
    name = ModelName(name)
    path = presets_dir() / f"{name.value}.yaml"
    if not path.is_file():
        raise ConfigError(f"model preset {path} is missing from this installation")
    try:
        return ModelPreset.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise ConfigError(f"invalid model preset {path}: {exc.errors()[0]['msg']}") from None
