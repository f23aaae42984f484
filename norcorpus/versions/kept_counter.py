"""Counts what a version keeps: documents, whitespace words and UTF-8 bytes per source × language."""

from __future__ import annotations

import numpy as np
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.normalize.unicode_normalizer import ODD_SPACE
from norcorpus.versions.accounting import KeptMetric, kept_label

_SPACE, _NEWLINE = ord(" "), ord("\n")


def whitespace_words(text: str, utf8: bytes) -> int:
    """len(text.split()) for `text` and its UTF-8 bytes `utf8`, without building the list of words.

    Normalized text has no whitespace but " " and "\\n" (ODD_SPACE: all the others), and neither byte occurs
    inside a multi-byte UTF-8 sequence, so its words are the runs of other bytes, counted by numpy."""
    if ODD_SPACE.search(text):
        return len(text.split())
    codes = np.frombuffer(utf8, dtype=np.uint8)
    if not len(codes):
        return 0
    in_word = (codes != _SPACE) & (codes != _NEWLINE)
    return int(in_word[0]) + int(np.count_nonzero(in_word[1:] > in_word[:-1]))


class KeptCounter(PipelineStep):
    name = "🧮 kept per source × language"
    type = "📊 - STATS"

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            source, lang = doc.metadata["source"], doc.metadata["lang"]
            utf8 = doc.text.encode("utf-8")
            self.stat_update(kept_label(source, lang, KeptMetric.DOCUMENTS))
            self.stat_update(
                kept_label(source, lang, KeptMetric.WORDS), value=whitespace_words(doc.text, utf8)
            )
            self.stat_update(kept_label(source, lang, KeptMetric.BYTES), value=len(utf8))
            yield doc
