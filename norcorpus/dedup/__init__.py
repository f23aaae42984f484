"""Deduplication: exact (datatrove's 3-stage exact dedup on normalized text, source priority) and MinHash
near-duplicates (signature step → buckets → verify → cluster stages → filter step; see stages.py)."""

from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.exact import exact_dedup_config
from norcorpus.dedup.minhash_buckets import MinhashBuckets
from norcorpus.dedup.minhash_cluster import MinhashCluster
from norcorpus.dedup.minhash_filter import CLUSTER_ID, CLUSTER_SIZE, NEAR_DUPLICATE, MinhashFilter
from norcorpus.dedup.minhash_signature import MinhashSignature
from norcorpus.dedup.minhash_verify import MinhashVerify
from norcorpus.dedup.stages import MinhashStages

__all__ = [
    "CLUSTER_ID",
    "CLUSTER_SIZE",
    "NEAR_DUPLICATE",
    "MinhashBuckets",
    "MinhashCluster",
    "MinhashConfig",
    "MinhashFilter",
    "MinhashSignature",
    "MinhashStages",
    "MinhashVerify",
    "exact_dedup_config",
]
