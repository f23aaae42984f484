"""Tag every document with its quality signals (`quality`, a struct); the select stage decides."""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.filters.quality_signals import quality_signals


class QualityTagger(PipelineStep):
    """Writes `quality` (dict with the fields of `QUALITY_STRUCT`). Must run after language tagging."""

    name = "🏅 quality signals"
    type = "🏷 - TAGGER"

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                doc.metadata["quality"] = quality_signals(doc.text, doc.metadata.get("lang"))
            yield doc
