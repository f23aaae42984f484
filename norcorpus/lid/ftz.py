"""Decode the input matrix of a quantized fastText model (.ftz), so that it can predict from a dense copy.

Why: a quantized model is small on disk (the packaged one ~5 MB), but fastText then rebuilds every
character n-gram's vector from product-quantization codes at each prediction, a quarter to a third of the
prediction time (benchmarks/lid_compare.py: 1.15-1.4x more lines per second decoded). Decoding all rows
once at load (16 floats per row: ~28 MB in memory for the packaged model) gives exactly the same vectors —
fastText's own decoding writes `norm * centroid`, the same float products — so the predictions and
probabilities do not change, only their speed.

fastText has no API for the codes, so this reads them from the file. The layout (fastText 0.9 `saveModel`):
magic, version, Args (12 int32 + 1 double), Dictionary (size, nwords, nlabels: int32; ntokens,
pruneidx_size: int64; per entry: UTF-8 bytes, NUL, int64 count, int8 type; pruneidx pairs), the `quant`
byte, then the QuantMatrix: qnorm byte, rows and columns (int64), code size (int32), codes (uint8, one per
sub-quantizer per row), the product quantizer (dim, nsubq, dsub, lastdsub: int32; 256 centroids per
sub-quantizer, float32), and with qnorm the norm codes (uint8 per row) and a one-dimensional quantizer of
the norms. Anything unexpected gives None (the caller keeps the quantized model), and `densify` checks
sampled rows against fastText's own decoding before it swaps the matrix in.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_MAGIC = 793712314  # FASTTEXT_FILEFORMAT_MAGIC_INT32
_KSUB = 256  # centroids per sub-quantizer (8-bit codes)
_ARGS_BYTES = 12 * 4 + 8


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return values

    def array(self, dtype: type, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def skip_entries(self, count: int) -> None:
        # each dictionary entry: word bytes, NUL, int64 count, int8 type (a NUL may occur in the count, so
        # the entries are walked one by one)
        for _ in range(count):
            self.pos = self.data.index(b"\0", self.pos) + 1 + 8 + 1


def _centroids(reader: _Reader) -> tuple[int, int, int, int, np.ndarray]:
    dim, nsubq, dsub, lastdsub = reader.unpack("<4i")
    return dim, nsubq, dsub, lastdsub, reader.array(np.float32, dim * _KSUB)


def decode_input_matrix(path: Path, max_bytes: int) -> np.ndarray | None:
    """The dense input matrix (rows × dim, float32) of the quantized model at `path`, or None (also when
    it would take more than `max_bytes`)."""
    try:
        reader = _Reader(Path(path).read_bytes())
        magic, _version = reader.unpack("<2i")
        if magic != _MAGIC:
            return None
        reader.pos += _ARGS_BYTES
        size, _nwords, _nlabels = reader.unpack("<3i")
        _ntokens, prune_size = reader.unpack("<2q")
        reader.skip_entries(size)
        reader.pos += 8 * max(prune_size, 0)
        (quant,) = reader.unpack("<?")
        if not quant:
            return None
        (qnorm,) = reader.unpack("<?")
        rows, cols = reader.unpack("<2q")
        (codesize,) = reader.unpack("<i")
        codes = reader.array(np.uint8, codesize)
        dim, nsubq, dsub, lastdsub, centroids = _centroids(reader)
        if dim != cols or codesize != rows * nsubq or (nsubq - 1) * dsub + lastdsub != dim:
            return None
        if rows * cols * 4 > max_bytes:
            return None
        codes = codes.reshape(rows, nsubq)
        dense = np.empty((rows, cols), dtype=np.float32)
        for q in range(nsubq):
            width = lastdsub if q == nsubq - 1 else dsub
            table = centroids[q * _KSUB * dsub : q * _KSUB * dsub + _KSUB * width].reshape(_KSUB, width)
            dense[:, q * dsub : q * dsub + width] = table[codes[:, q]]
        if qnorm:
            norm_codes = reader.array(np.uint8, rows)
            _, _, _, _, norms = _centroids(reader)
            dense *= norms[norm_codes][:, None]
        return dense
    except (OSError, ValueError, struct.error):
        return None


# the packaged model needs 28 MB; a big quantized model of a user (millions of buckets) stays as it is
MAX_DENSE_BYTES = 64 << 20


def densify(ft: Any, path: Path, max_bytes: int = MAX_DENSE_BYTES, checks: int = 64) -> bool:
    """Give the loaded quantized fastText model `ft` (from `path`) a dense input matrix; False if not done."""
    if not ft.f.isQuant():
        return False
    dense = decode_input_matrix(path, max_bytes)
    if dense is None:
        log.info("%s: not decoded (too large, or a layout this reader does not know); using the codes", path)
        return False
    # the same vectors as fastText's own decoding, or nothing changes
    rng = np.random.default_rng(0)
    for row in [0, len(dense) - 1, *rng.integers(0, len(dense), checks).tolist()]:
        if not np.array_equal(ft.get_input_vector(row), dense[row]):
            log.warning("%s: decoded row %d differs from fastText's; predicting from the codes", path, row)
            return False
    try:
        output = np.array(ft.f.getOutputMatrix(), dtype=np.float32)
    except (RuntimeError, ValueError):  # a quantized output matrix (qout): keep the model as it is
        return False
    ft.f.setMatrices(dense, output)
    return True
