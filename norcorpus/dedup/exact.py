"""Configuration of datatrove's exact dedup for a version: hash of the normalized text, and a priority
per source so that the copy from the most trusted source (NCC, partner news) survives."""

from __future__ import annotations

from collections.abc import Mapping

from datatrove.data import Document
from datatrove.pipeline.dedup.exact_dedup import ExactDedupConfig
from datatrove.utils.hashing import HashConfig


def normalized_text(doc: Document) -> str:
    # the text is already normalized (NFC, whitespace) by the time it is hashed
    return doc.text


class SourcePriority:
    """Document priority for datatrove (1..65535, highest survives); picklable for workers."""

    def __init__(self, priorities: Mapping[str, int]):
        self.priorities = dict(priorities)

    def __call__(self, doc: Document) -> int:
        return self.priorities[doc.metadata["source"]]


def exact_dedup_config(priorities: Mapping[str, int]) -> ExactDedupConfig:
    return ExactDedupConfig(
        content_getter=normalized_text,
        document_priority=SourcePriority(priorities),
        hash_config=HashConfig(precision=64, hash_fc="xxhash"),
    )
