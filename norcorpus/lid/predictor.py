"""The packaged (or a user's) fastText LID model as a lazy, picklable predictor for other steps.

The Sámi legacy-encoding repair asks "is this Sámi after repair?" through `predict(text)`; this wrapper
loads the model in the worker on first use and never pickles it. Loading is cached per process, so a worker
that runs many tasks (each with a fresh copy of the pipeline) loads each model once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from norcorpus.langs import Lang
from norcorpus.lid.config import LidConfig
from norcorpus.lid.model import LidModel


@lru_cache(maxsize=4)
def _load(model: str | None, label_map: tuple[tuple[str, str], ...] | None) -> LidModel:
    return LidModel.load(model, dict(label_map) if label_map is not None else None)


def load_model(config: LidConfig) -> LidModel:
    label_map = tuple(sorted(config.label_map.items())) if config.label_map is not None else None
    return _load(config.model, label_map)


class LidPredictor:
    """`predict(text) -> (Lang, score)` with the model of `config`, loaded lazily (a `LangPredictor`)."""

    def __init__(self, config: LidConfig | None = None):
        self.config = config or LidConfig()
        self._model: LidModel | None = None

    def predict(self, text: str) -> tuple[Lang, float]:
        if self._model is None:
            self._model = load_model(self.config)
        return self._model.predict(text)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_model": None}
