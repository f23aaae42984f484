"""Counts what a version keeps: documents, whitespace words and UTF-8 bytes per source × language."""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.versions.accounting import KeptMetric, kept_label


class KeptCounter(PipelineStep):
    name = "🧮 kept per source × language"
    type = "📊 - STATS"

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            source, lang = doc.metadata["source"], doc.metadata["lang"]
            self.stat_update(kept_label(source, lang, KeptMetric.DOCUMENTS))
            self.stat_update(kept_label(source, lang, KeptMetric.WORDS), value=len(doc.text.split()))
            self.stat_update(kept_label(source, lang, KeptMetric.BYTES), value=len(doc.text.encode("utf-8")))
            yield doc
