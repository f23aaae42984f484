"""On-disk layout shared by the MinHash stages (all paths relative to one DataFolder each).

signature folder (written by MinhashSignature, one set of files per ingest task T, also usable as an index):
  format.json             how the shingles and band hashes were computed (an index must match the build's)
  buckets/TTTTT.sig       records (band hash u8, doc u4) of band 0, then band 1, ...: each band sorted by
                          (hash, doc) and of the same length (one record per document with shingles)
  shingles/TTTTT.bin      the tasks's sorted unique shingle hashes (u4), document after document
  shingles/TTTTT.off      u8 offsets into .bin (documents + 1 values)
  docs/TTTTT.parquet      id, priority, content_hash, shingles: one row per document, in stream order
candidates folder (MinhashBuckets): PPPPP/rRRRRR.pairs   (key u8, key u8) unverified candidate pairs
edges folder (MinhashVerify):       PPPPP.edges          (key u8, key u8, jaccard f4) verified pairs
clusters folder (MinhashCluster):   TTTTT.parquet        id, cluster_id, cluster_size, keep (clustered docs only)

A document's key is (task << 32 | position); documents of an index (a previous version's signature
folder) have bit 63 set.
"""

from __future__ import annotations

import json

import numpy as np

from norcorpus.dedup.config import MinhashConfig

SIG_DTYPE = np.dtype([("h", "<u8"), ("doc", "<u4")])
PAIR_DTYPE = np.dtype([("a", "<u8"), ("b", "<u8")])
EDGE_DTYPE = np.dtype([("a", "<u8"), ("b", "<u8"), ("j", "<f4")])
INDEX_BIT = np.uint64(1 << 63)
TASK_MASK = np.uint64((1 << 31) - 1)


FORMAT_FILE = "format.json"
# Raise when shingles.py hashes words, shingles or bands differently: older signature folders then no
# longer compare with new ones. 2: numpy tokenizer, polynomial word hashes, linear band hashes. 3: one bucket
# file per task with every band (was one file per band and task: 20x the files to list, open and remove).
SIGNATURE_FORMAT = 3


def signature_format(config: MinhashConfig) -> str:
    """The text of format.json: the hashing version and the config fields that shape the signatures."""
    fields = config.model_dump(include={"ngram", "bands", "rows", "seed"})
    return json.dumps({"format": SIGNATURE_FORMAT, **fields}, sort_keys=True)


BUCKETS_DIR = "buckets"


def sig_file(task: int) -> str:
    return f"{BUCKETS_DIR}/{task:05d}.sig"


def shingles_file(task: int) -> str:
    return f"shingles/{task:05d}.bin"


def offsets_file(task: int) -> str:
    return f"shingles/{task:05d}.off"


def docs_file(task: int) -> str:
    return f"docs/{task:05d}.parquet"


def task_of_sig_path(path: str) -> int:
    return int(path.rsplit("/", 1)[-1].removesuffix(".sig"))


def make_keys(task: int, docs: np.ndarray, index: bool) -> np.ndarray:
    keys = (np.uint64(task) << np.uint64(32)) | docs.astype(np.uint64)
    return keys | INDEX_BIT if index else keys


def split_key(key: int) -> tuple[bool, int, int]:
    """(is from the index, task, position)"""
    return bool(key >> 63), (key >> 32) & int(TASK_MASK), key & 0xFFFFFFFF


def partition_of(a: np.ndarray, b: np.ndarray, partitions: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        mixed = (a * np.uint64(0x9E3779B97F4A7C15)) ^ (b * np.uint64(0xC2B2AE3D27D4EB4F))
    return ((mixed >> np.uint64(33)) % np.uint64(partitions)).astype(np.int64)
