"""Tokenize, mix and pack a built corpus into MDS shards (mosaicml-streaming) for LLM Foundry / Composer."""

from norcorpus.pack.config import MixingConfig, PackConfig, TokenDtype
from norcorpus.pack.pack import PackResult, pack

__all__ = ["MixingConfig", "PackConfig", "PackResult", "TokenDtype", "pack"]
