"""Byte-level reading of compressed JSONL shards.

fsspec's zstd codec neither iterates lines nor notices a truncated stream (it just ends), and a shard that
ends mid-frame would lose its tail without a word. We decompress zstd ourselves and check that the last
frame is complete; gzip already raises EOFError on a truncated member.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from typing import BinaryIO

import zstandard

_CHUNK = 1 << 20


class TruncatedStream(EOFError):
    pass


def _zstd_chunks(raw: BinaryIO) -> Iterator[bytes]:
    """Decompressed chunks of a (possibly multi-frame) zstd stream; raises if the last frame is cut off."""
    dctx = zstandard.ZstdDecompressor()
    dobj = dctx.decompressobj()
    in_frame = False
    while True:
        chunk = raw.read(_CHUNK)
        if not chunk:
            break
        while chunk:
            in_frame = True
            out = dobj.decompress(chunk)
            if out:
                yield out
            if dobj.eof:
                # a frame ended; whatever follows is the next frame
                chunk = dobj.unused_data
                dobj = dctx.decompressobj()
                in_frame = False
            else:
                chunk = b""
    if in_frame:
        raise TruncatedStream("zstd stream ends in the middle of a frame (truncated file?)")


def _split_lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    tail = b""
    for chunk in chunks:
        lines = (tail + chunk).split(b"\n")
        tail = lines.pop()
        yield from lines
    if tail:
        yield tail


def iter_lines(raw: BinaryIO, path: str) -> Iterator[bytes]:
    """Lines (without the newline) of a plain, .gz or .zst file opened in binary mode."""
    if path.endswith(".zst") or path.endswith(".zstd"):
        yield from _split_lines(_zstd_chunks(raw))
    elif path.endswith(".gz"):
        with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
            yield from _split_lines(iter(lambda: gz.read(_CHUNK), b""))
    else:
        buffered = raw if isinstance(raw, io.BufferedIOBase) else io.BufferedReader(raw)
        for line in buffered:
            yield line.rstrip(b"\n")
