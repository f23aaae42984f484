"""Per-source accounting through datatrove's own stats.

Steps count with `stat_update(label)`; the labels below are the only place where their shape is known.
Source names are `[a-z0-9_]`, languages are ISO codes and reasons are identifiers, so `/` separates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

_PREFIX = "nc"


class DropReason(StrEnum):
    MALFORMED = "malformed"  # a record that is not valid JSON/UTF-8 or lacks the text field
    EMPTY = "empty"  # no text left (blank, or nothing after normalization)
    TOO_LONG = "too_long"  # longer than limits.max_document_chars
    EXACT_DUPLICATE = "exact_duplicate"
    NEAR_DUPLICATE = "near_duplicate"  # MinHash: Jaccard >= threshold with a kept representative
    LANGUAGE = "language"  # a language the version does not keep


class KeptMetric(StrEnum):
    DOCUMENTS = "documents"
    WORDS = "words"
    BYTES = "bytes"


def read_label(source: str) -> str:
    return f"{_PREFIX}/read/{source}"


def drop_label(source: str, reason: str) -> str:
    return f"{_PREFIX}/dropped/{source}/{reason}"


def kept_label(source: str, lang: str, metric: KeptMetric) -> str:
    return f"{_PREFIX}/kept/{source}/{lang}/{metric}"


@dataclass(frozen=True)
class Count:
    kind: str  # read | dropped | kept
    source: str
    detail: tuple[str, ...]  # () | (reason,) | (lang, metric)


def parse_label(label: str) -> Count | None:
    """The inverse of the label functions; None for datatrove's own stats."""
    parts = label.split("/")
    if len(parts) < 3 or parts[0] != _PREFIX:
        return None
    kind, source, detail = parts[1], parts[2], tuple(parts[3:])
    expected = {"read": 0, "dropped": 1, "kept": 2}.get(kind)
    if expected is None or len(detail) != expected:
        return None
    return Count(kind, source, detail)
