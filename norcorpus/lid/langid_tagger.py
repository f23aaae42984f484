"""TEMPORARY language tagger (py3langid), used by the foundation build until our fastText LID replaces it.

py3langid has nb, nn and se (North Sámi) among its 97 languages but confuses Bokmål and Nynorsk on short
text; it is here only so that the build pipeline has a real tagging step. The model loads lazily, in the
worker, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.langs import Lang, to_lang


@lru_cache(maxsize=1)
def _load_identifier() -> Any:
    # once per worker process: a worker runs many tasks, each with a fresh copy of the pipeline
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


class LangidTagger(PipelineStep):
    name = "🗣 py3langid (temporary)"
    type = "🏷 - TAGGER"

    def __init__(self, min_chars: int = 20):
        super().__init__()
        self.min_chars = min_chars
        self._identifier: Any = None

    def _model(self) -> Any:
        if self._identifier is None:
            self._identifier = _load_identifier()
        return self._identifier

    def tag(self, text: str) -> tuple[Lang, float | None]:
        if len(text) < self.min_chars:
            return Lang.UND, None
        label, prob = self._model().classify(text)
        return to_lang(label), round(float(prob), 4)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                lang, score = self.tag(doc.text)
            doc.metadata["lang"] = lang.value
            doc.metadata["lang_score"] = score
            self.stat_update(f"lang_{lang.value}")
            yield doc

    def __getstate__(self) -> dict[str, Any]:
        # ship the step to workers without a loaded model; each worker loads its own
        state = self.__dict__.copy()
        state["_identifier"] = None
        return state
