"""LLM Foundry / Composer training configs and launch scripts for packed norcorpus data.

These target the user's training environment (LLM Foundry, Composer, CUDA torch); norcorpus itself depends
on none of them. `smoke` trains a tiny model from the MDS shards to check the data path end to end.
"""

from norcorpus.train.config import TrainConfigRequest, write_train_config
from norcorpus.train.launch import LaunchRequest, slurm_script
from norcorpus.train.presets import ModelName, load_preset

__all__ = ["LaunchRequest", "ModelName", "TrainConfigRequest", "load_preset", "slurm_script", "write_train_config"]
