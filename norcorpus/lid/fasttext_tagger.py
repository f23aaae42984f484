"""`FastTextLidTagger`: the datatrove step that tags every document with its language. It only tags.

Metadata written (the version's manifest decides what to keep):
- `lang`: ISO 639-3 value of `norcorpus.langs.Lang` (`und` when abstaining: too short or too uncertain)
- `lang_score`: float in [0, 1] (see norcorpus.lid.document for how it is computed)
- `lang_top`: the best label before abstention
- `lang_mixed`: bool, a second language holds at least `mixed_min_share` of the text
- `lang_paragraphs`: list of {"lang", "score", "chars"}, one per non-empty line of the text, in order

The model loads lazily, in the worker, on the first document; `__getstate__` drops it so the step pickles.
Documents are tagged in batches (`batch_chars` of text at a time): one call into fastText for the paragraphs
of many documents (see norcorpus.lid.document.label_documents). Batching changes no label.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.batching import text_batches
from norcorpus.lid.config import LidConfig
from norcorpus.lid.document import DocumentLid, label_document, label_documents
from norcorpus.lid.model import LidModel
from norcorpus.lid.predictor import load_model


class FastTextLidTagger(PipelineStep):
    name = "🗣 fastText LID"
    type = "🏷 - TAGGER"

    def __init__(self, config: LidConfig | None = None, batch_chars: int = 1_000_000):
        super().__init__()
        self.config = config or LidConfig()
        # about a megabyte of text per call: the per-call cost is amortised long before that, and a batch
        # of documents held back from the next step stays small
        self.batch_chars = max(1, batch_chars)
        self._model: LidModel | None = None

    @property
    def model(self) -> LidModel:
        if self._model is None:
            self._model = load_model(self.config)  # once per worker process
        return self._model

    def tag(self, text: str) -> DocumentLid:
        return label_document(text, self.model, self.config)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in text_batches(data, self.batch_chars):
            yield from self._tag_batch(batch)

    def _tag_batch(self, batch: list[Document]) -> DocumentsPipeline:
        with self.track_time(unit="batch"):
            results = label_documents([doc.text for doc in batch], self.model, self.config)
        for doc, result in zip(batch, results, strict=True):
            doc.metadata["lang"] = result.lang.value
            doc.metadata["lang_score"] = result.score
            doc.metadata["lang_top"] = result.top.value
            doc.metadata["lang_mixed"] = result.mixed
            doc.metadata["lang_paragraphs"] = [p.as_dict() for p in result.paragraphs]
            self.stat_update(f"lang_{result.lang.value}")
            if result.mixed:
                self.stat_update("lang_mixed")
            yield doc

    def __getstate__(self) -> dict[str, Any]:
        # ship the step to workers without a loaded model; each worker loads its own
        state = self.__dict__.copy()
        state["_model"] = None
        return state
