"""A writer for mosaicml-streaming's MDS format (index version 2), for one column `tokens` of fixed length.

Why not `streaming.MDSWriter`: mosaicml-streaming 0.13 pins numpy<2.2 and transformers<5 and cannot share a
resolver with datatrove 0.10, so norcorpus does not depend on it. The format is small and documented
(streaming/base/format/mds/writer.py, encodings.py `NDArray`); every test reads what this writes with
streaming's own `StreamingDataset`, so a drift would fail there.

Layout of one shard file (before compression):
    uint32 num_samples | uint32 offsets[num_samples + 1] | config JSON | samples
and of one sample with a variable-size column:
    uint32 size | ndarray (no fixed shape): uint8 (ndim << 2 | shape dtype) | shape | values
LLM Foundry's StreamingTextDataset reads `ndarray:<dtype>` columns as-is and casts them to int64.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import zstandard

INDEX = "index.json"
_SHAPE_DTYPES = [(np.uint8, 0), (np.uint16, 1), (np.uint32, 2)]


def compression_name(level: int | None) -> str | None:
    """streaming's name of a zstd level ("zstd" is its default level 3); None: uncompressed shards."""
    return None if level is None else "zstd" if level == 3 else f"zstd:{level}"


def column_encoding(dtype: np.dtype) -> str:
    return f"ndarray:{np.dtype(dtype).name}"


def shard_config(dtype: np.dtype, size_limit: int, compression: str | None) -> dict[str, Any]:
    """The per-shard config that streaming writes into each shard and into index.json."""
    return {
        "column_encodings": [column_encoding(dtype)],
        "column_names": ["tokens"],
        "column_sizes": [None],
        "compression": compression,
        "format": "mds",
        "hashes": [],
        "size_limit": size_limit,
        "version": 2,
    }


def _sample_header(seq_len: int) -> bytes:
    for shape_dtype, code in _SHAPE_DTYPES:
        if seq_len <= np.iinfo(shape_dtype).max:
            return bytes([(1 << 2) | code]) + np.array([seq_len], shape_dtype).tobytes()
    raise ValueError(f"sequence length {seq_len} too large")


def sample_nbytes(seq_len: int, dtype: np.dtype) -> int:
    """Bytes one sample takes in a shard, with its uint32 size and uint32 offset."""
    return 4 + 4 + len(_sample_header(seq_len)) + seq_len * np.dtype(dtype).itemsize


def samples_per_shard(seq_len: int, dtype: np.dtype, size_limit: int, compression: str | None) -> int:
    config = json.dumps(shard_config(dtype, size_limit, compression), sort_keys=True).encode()
    # streaming's rule: a shard holds samples while 4 + 4 + len(config) + sum(sample + 4) <= size_limit
    return max(1, (size_limit - 8 - len(config)) // sample_nbytes(seq_len, dtype))


def encode_shard(samples: np.ndarray, size_limit: int, compression: str | None) -> bytes:
    """Raw (uncompressed) bytes of one shard holding `samples` (shape [n, seq_len], the token dtype)."""
    n, seq_len = samples.shape
    config = json.dumps(shard_config(samples.dtype, size_limit, compression), sort_keys=True).encode()
    header = _sample_header(seq_len)
    datum = len(header) + seq_len * samples.dtype.itemsize
    # every sample: uint32 datum size, then the ndarray header and values; built as one byte matrix
    rows = np.empty((n, 4 + datum), np.uint8)
    rows[:, :4] = np.frombuffer(np.uint32(datum).tobytes(), np.uint8)
    rows[:, 4 : 4 + len(header)] = np.frombuffer(header, np.uint8)
    rows[:, 4 + len(header) :] = np.ascontiguousarray(samples).view(np.uint8).reshape(n, -1)
    start = 4 + 4 * (n + 1) + len(config)
    offsets = (start + np.arange(n + 1, dtype=np.int64) * (4 + datum)).astype(np.uint32)
    return np.uint32(n).tobytes() + offsets.tobytes() + config + rows.tobytes()


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_shard(
    directory: Path, index: int, samples: np.ndarray, size_limit: int, level: int | None
) -> dict[str, Any]:
    """Write shard `index` (zstd when `level` is set) atomically; return its index.json entry."""
    compression = compression_name(level)
    raw = encode_shard(samples, size_limit, compression)
    raw_name = f"shard.{index:05d}.mds"
    entry = shard_config(samples.dtype, size_limit, compression)
    entry["samples"] = int(samples.shape[0])
    entry["raw_data"] = {"basename": raw_name, "bytes": len(raw), "hashes": {}}
    if level is None:
        write_atomic(directory / raw_name, raw)
        entry["zip_data"] = None
    else:
        data = zstandard.ZstdCompressor(level=level, write_content_size=True).compress(raw)
        zip_name = f"{raw_name}.zstd"
        write_atomic(directory / zip_name, data)
        entry["zip_data"] = {"basename": zip_name, "bytes": len(data), "hashes": {}}
    return entry


def write_index(directory: Path, shards: list[dict[str, Any]]) -> Path:
    """index.json last: a reader never sees an index that names a shard not yet written."""
    path = directory / INDEX
    write_atomic(path, json.dumps({"shards": shards, "version": 2}, sort_keys=True).encode())
    return path
