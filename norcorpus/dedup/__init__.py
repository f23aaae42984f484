"""Deduplication: exact (datatrove's 3-stage exact dedup on normalized text, source priority)."""

from norcorpus.dedup.exact import exact_dedup_config

__all__ = ["exact_dedup_config"]
