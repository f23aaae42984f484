"""`norcorpus train config`: an LLM Foundry training YAML for packed norcorpus MDS data.

The YAML is LLM Foundry's `scripts/train/train.py` format: the tokenizer directory (HF files), the `text`
loader on the MDS splits (local, or remote with a local cache), FSDP, amp_bf16, and the model of a preset.
HF architectures (Llama 2, Mistral, Mixtral) are trained from scratch (`pretrained: false`) from a
config.json written beside the YAML, so nothing is fetched from a hub; vocab_size is len(tokenizer)
rounded up to a multiple of 128, and pad/bos/eos ids are the tokenizer's (pad ≠ EOS, so the collator masks
padding without masking the document ends).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from norcorpus.errors import ConfigError
from norcorpus.pack.pack import SUMMARY_FILE
from norcorpus.pack.vocab import TokenizerInfo, load_tokenizer_info
from norcorpus.train.presets import Family, ModelName, ModelPreset, load_preset

VOCAB_MULTIPLE = 128
HF_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json")


class TrainConfigRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tokenizer: Path
    data: str  # the pack's directory (OUT of `norcorpus pack`), holding train/ and val/
    model: ModelName
    out: Path  # directory for <model>.yaml (and <model>-hf/config.json)
    remote: str | None = None  # the same pack uploaded (s3://, gs://, oci://): `data` is then the local cache
    run_name: str | None = None
    seed: int = 17
    epochs: float = Field(default=1.0, gt=0)
    save_folder: str | None = None


@dataclass
class TrainConfigResult:
    yaml_path: Path
    config: dict[str, Any]
    hf_config_dir: Path | None


def padded_vocab(n: int) -> int:
    return math.ceil(n / VOCAB_MULTIPLE) * VOCAB_MULTIPLE


def _pack_summary(data: str, tokenizer: TokenizerInfo) -> dict[str, Any] | None:
    path = Path(data) / SUMMARY_FILE
    if not path.is_file():
        return None
    summary = json.loads(path.read_text())
    if summary.get("tokenizer_sha256") != tokenizer.sha256:
        raise ConfigError(f"the pack at {data} was made with another tokenizer than {tokenizer.path}",
                          hint="pack again with this tokenizer, or pass the one the pack used")
    return summary


def _hf_model_config(preset: ModelPreset, tok: TokenizerInfo, vocab_size: int, seq_len: int) -> dict[str, Any]:
    config = dict(preset.model)
    config.update(vocab_size=vocab_size, bos_token_id=tok.bos_id, eos_token_id=tok.eos_id,
                  pad_token_id=tok.pad_id, torch_dtype="bfloat16", use_cache=False)
    config["max_position_embeddings"] = max(config.get("max_position_embeddings", 0), seq_len)
    return config


def _loader(request: TrainConfigRequest, split: str, seq_len: int, shuffle: bool) -> dict[str, Any]:
    dataset: dict[str, Any] = {
        "local": request.data,
        "remote": f"{request.remote.rstrip('/')}" if request.remote else None,
        "split": split,
        "shuffle": shuffle,
        "max_seq_len": seq_len,
    }
    if shuffle:
        dataset["shuffle_seed"] = request.seed
    return {"name": "text", "dataset": dataset, "drop_last": shuffle, "num_workers": 8}


def build_train_config(request: TrainConfigRequest) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The LLM Foundry YAML as a dict, and the HF config.json of the model (None for MPT)."""
    tok = load_tokenizer_info(request.tokenizer)
    missing = [f for f in HF_TOKENIZER_FILES if not (request.tokenizer / f).is_file()]
    if missing:
        raise ConfigError(f"tokenizer directory {request.tokenizer} lacks {', '.join(missing)}",
                          hint="LLM Foundry loads the HF tokenizer; export it with `norcorpus tokenizer train`")
    preset = load_preset(request.model)
    summary = _pack_summary(request.data, tok)
    if summary is None and request.remote is None and not (Path(request.data) / "train" / "index.json").is_file():
        raise ConfigError(f"no packed data at {request.data} (train/index.json)",
                          hint="pass the --out of `norcorpus pack`, or --remote for an uploaded pack")
    seq_len = summary["seq_len"] if summary else preset.max_seq_len
    vocab_size = padded_vocab(tok.vocab_size)
    train = preset.training
    run_name = request.run_name or f"norcorpus-{preset.name.value}"

    if preset.family is Family.MPT:
        model = {"name": "mpt_causal_lm", **preset.model, "max_seq_len": seq_len, "vocab_size": vocab_size}
        hf_config = None
    else:
        hf_config = _hf_model_config(preset, tok, vocab_size, seq_len)
        model = {"name": "hf_causal_lm", "pretrained": False, "use_flash_attention_2": True,
                 "pretrained_model_name_or_path": str((request.out / f"{preset.name.value}-hf").resolve())}

    if summary:
        tokens_per_batch = train.global_train_batch_size * seq_len
        batches = max(1, math.ceil(summary["splits"]["train"]["samples"] * seq_len * request.epochs
                                   / tokens_per_batch))
        max_duration = f"{batches}ba"
    else:
        max_duration = f"{request.epochs:g}ep"
    has_val = summary is None or "val" in summary["splits"]

    config: dict[str, Any] = {
        "variables": {"data_local": request.data, "data_remote": request.remote, "run_name": run_name},
        "run_name": run_name,
        "seed": request.seed,
        "max_seq_len": seq_len,
        "model": model,
        "tokenizer": {"name": str(request.tokenizer.resolve()), "kwargs": {"model_max_length": seq_len}},
        "train_loader": _loader(request, "train", seq_len, shuffle=True),
    }
    if has_val:
        config["eval_loader"] = _loader(request, "val", seq_len, shuffle=False)
        config.update(eval_interval="1000ba", eval_first=False, eval_subset_num_batches=-1)
    config.update({
        "scheduler": {"name": "cosine_with_warmup", "t_warmup": train.warmup, "alpha_f": 0.1},
        "optimizer": {"name": "decoupled_adamw", "lr": train.lr, "betas": [0.9, 0.95], "eps": 1.0e-8,
                      "weight_decay": train.weight_decay},
        "algorithms": {"gradient_clipping": {"clipping_type": "norm", "clipping_threshold": 1.0}},
        "max_duration": max_duration,
        "global_train_batch_size": train.global_train_batch_size,
        "device_train_microbatch_size": train.device_train_microbatch_size,
        "device_eval_batch_size": train.device_eval_batch_size,
        "precision": "amp_bf16",
        "fsdp_config": {
            "sharding_strategy": "FULL_SHARD",
            "mixed_precision": "PURE",
            "activation_checkpointing": train.activation_checkpointing,
            "activation_checkpointing_reentrant": False,
            "activation_cpu_offload": False,
            "limit_all_gathers": True,
            "state_dict_type": "sharded",
        },
        "progress_bar": False,
        "log_to_console": True,
        "console_log_interval": "10ba",
        "callbacks": {"speed_monitor": {"window_size": 10}, "lr_monitor": {}, "memory_monitor": {},
                      "runtime_estimator": {}},
        "save_folder": request.save_folder or f"./checkpoints/{run_name}",
        "save_interval": "1000ba",
        "save_num_checkpoints_to_keep": 3,
        "autoresume": True,
    })
    return config, hf_config


def write_train_config(request: TrainConfigRequest) -> TrainConfigResult:
    config, hf_config = build_train_config(request)
    request.out.mkdir(parents=True, exist_ok=True)
    hf_dir = None
    if hf_config is not None:
        hf_dir = request.out / f"{request.model.value}-hf"
        hf_dir.mkdir(exist_ok=True)
        (hf_dir / "config.json").write_text(json.dumps(hf_config, indent=2, sort_keys=True) + "\n")
    path = request.out / f"{request.model.value}.yaml"
    header = (f"# LLM Foundry training config written by `norcorpus train config` ({request.model.value}).\n"
              "# Run it with: composer -n 8 llm-foundry/scripts/train/train.py THIS.yaml "
              "(or `norcorpus train launch` for Slurm)\n")
    path.write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return TrainConfigResult(path, config, hf_dir)
