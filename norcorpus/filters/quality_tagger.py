"""Tag every document with its quality signals (`quality`, a struct); the select stage decides."""

from __future__ import annotations

from collections.abc import Iterator

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.batching import text_batches
from norcorpus.filters.quality_signals import quality_signals_batch

# Documents are tagged in batches: the signals are computed with numpy over all tokens of a batch, and a
# call per document would cost more than the work. About 200,000 characters keep the arrays in the CPU
# caches (measured: larger batches are slower again); a batch always holds at least one document.
BATCH_CHARS = 200_000
BATCH_DOCS = 2_000


class QualityTagger(PipelineStep):
    """Writes `quality` (dict with the fields of `QUALITY_STRUCT`). Must run after language tagging.
    Documents come out in the order they came in, each batch once it is full."""

    name = "🏅 quality signals"
    type = "🏷 - TAGGER"

    def __init__(self, batch_chars: int = BATCH_CHARS, batch_docs: int = BATCH_DOCS):
        super().__init__()
        self.batch_chars = batch_chars
        self.batch_docs = batch_docs

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in text_batches(data, self.batch_chars, self.batch_docs):
            yield from self._tag(batch)

    def _tag(self, docs: list[Document]) -> Iterator[Document]:
        with self.track_time(unit="batch"):
            signals = quality_signals_batch(
                [doc.text for doc in docs], [doc.metadata.get("lang") for doc in docs]
            )
        for doc, quality in zip(docs, signals, strict=True):
            doc.metadata["quality"] = quality
            yield doc
