"""`LidModel`: a fastText language-ID model whose answers are norcorpus labels (`Lang`).

`LidModel.load()` loads the model packaged with norcorpus (its sha256 is checked). `LidModel.load(path,
label_map)` loads any fastText LID model a user has (GlotLID, lid.176, NbAiLab nb-nordic-lid, ...): its
labels go through `label_map` first and `norcorpus.langs.to_lang` after, so `__label__nob_Latn`,
`__label__no` and `__label__nb` all come out as `nob`; languages outside ours become `other`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from norcorpus.errors import ConfigError
from norcorpus.langs import Lang, to_lang
from norcorpus.lid.ftz import densify
from norcorpus.lid.preprocess import PREPROCESS_VERSION, model_lines, preprocess

MODELS_DIR = Path(__file__).resolve().parent / "models"
PACKAGED_MODEL = MODELS_DIR / "norcorpus-lid.ftz"
# sha256 of each packaged model file (DESIGN: models are files with a checksum listed in the package)
CHECKSUMS_FILE = MODELS_DIR / "SHA256SUMS"

_OUR_LABELS = frozenset(lang.value for lang in Lang if lang is not Lang.UND)


def sidecar_path(model_path: str | os.PathLike[str]) -> Path:
    """`MODEL.ftz.json`: written by `lid train`, records the preprocessing and the training config."""
    return Path(f"{model_path}.json")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _listed_checksum(path: Path) -> str | None:
    if not CHECKSUMS_FILE.is_file():
        raise ConfigError(f"{CHECKSUMS_FILE} is missing", hint="reinstall norcorpus")
    listed = dict(
        reversed(line.split(maxsplit=1)) for line in CHECKSUMS_FILE.read_text().splitlines() if line.strip()
    )
    return listed.get(path.name)


def model_checksum(model: str | None) -> str:
    """sha256 of the model a LidConfig names (the packaged one's from SHA256SUMS, without reading it): part
    of the build's fingerprint, so a new model re-tags instead of resuming with the old tags."""
    if model is None:
        return _listed_checksum(PACKAGED_MODEL) or "unlisted"
    path = Path(model)
    return _sha256(path) if path.is_file() else f"missing:{model}"


def _check_packaged(path: Path) -> None:
    expected = _listed_checksum(path)
    if expected is None or _sha256(path) != expected:
        raise ConfigError(f"packaged LID model {path} does not match its sha256", hint="reinstall norcorpus")


def _load_fasttext(path: Path) -> Any:
    import fasttext

    # fastText prints a warning to stderr on every load_model; FastText._FastText skips it
    try:
        return fasttext.FastText._FastText(model_path=str(path))
    except ValueError as exc:
        raise ConfigError(f"{path} is not a fastText model: {exc}", hint="pass a .bin or .ftz file") from exc


class LidModel:
    """A loaded fastText LID model; `predict` gives `(Lang, score)` for one paragraph or sentence."""

    def __init__(self, ft: Any, path: Path, label_map: dict[str, str] | None, norcorpus_preprocessing: bool):
        self._ft = ft
        self.path = path
        self.norcorpus_preprocessing = norcorpus_preprocessing
        mapping = {k.removeprefix("__label__"): v for k, v in (label_map or {}).items()}
        self.raw_labels: list[str] = [lab.removeprefix("__label__") for lab in ft.get_labels()]
        # model label (with its __label__ prefix, as fastText returns it) → our label
        self._to_lang: dict[str, Lang] = {
            f"__label__{raw}": to_lang(mapping[raw]) if raw in mapping else to_lang(raw) for raw in self.raw_labels
        }

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        label_map: dict[str, str] | None = None,
        decode: bool = True,
    ) -> LidModel:
        """The packaged model (path None, checksum checked) or any fastText LID model file.

        `decode`: a quantized model (.ftz) predicts from a dense copy of its vectors, decoded at load
        (norcorpus.lid.ftz: the same predictions, 1.15-1.4x faster, ~28 MB of memory for the packaged
        model); False keeps fastText's quantized matrix (for comparisons).
        """
        if path is None:
            model_path = PACKAGED_MODEL
            if not model_path.is_file():
                raise ConfigError(f"packaged LID model {model_path} is missing", hint="reinstall norcorpus")
            _check_packaged(model_path)
        else:
            model_path = Path(path)
            if not model_path.is_file():
                raise ConfigError(f"LID model {model_path} does not exist", hint="check --model / lid.model")
        ft = _load_fasttext(model_path)
        if decode:
            densify(ft, model_path)
        return cls(ft, model_path, label_map, cls._uses_our_preprocessing(model_path, ft, label_map))

    @staticmethod
    def _uses_our_preprocessing(path: Path, ft: Any, label_map: dict[str, str] | None) -> bool:
        # A model trained by `lid train` has a sidecar naming its preprocessing; the packaged one too. A model
        # from elsewhere (GlotLID, lid.176) was trained on raw text and gets only newlines removed.
        side = sidecar_path(path)
        if side.is_file():
            try:
                return json.loads(side.read_text()).get("preprocess") == PREPROCESS_VERSION
            except (OSError, ValueError):
                pass
        labels = {lab.removeprefix("__label__") for lab in ft.get_labels()}
        return label_map is None and labels <= _OUR_LABELS

    @property
    def labels(self) -> list[Lang]:
        """Our labels this model can answer (sorted, without duplicates)."""
        return sorted(set(self._to_lang.values()))

    def prepare(self, text: str) -> str:
        if self.norcorpus_preprocessing:
            return preprocess(text)
        return _one_line(text)

    def predict(self, text: str) -> tuple[Lang, float]:
        """`(label, probability)` for one paragraph or sentence; `(und, 0.0)` when it has no content left."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: list[str]) -> list[tuple[Lang, float]]:
        """`predict` for many texts at once (one call into fastText: much faster than a loop)."""
        # Equal lines are asked once: web text repeats its notices, navigation and whole pages (equal as the
        # model reads them: model_lines leaves runs of spaces in, so "jobben." and "JOBBEN!" are one line,
        # "jobben.!" another). A blank line (nothing left after preprocessing) gets the last slot: (und, 0.0).
        unique: dict[str, int] = {}
        lines = model_lines(texts) if self.norcorpus_preprocessing else map(_one_line, texts)
        slots = [unique.setdefault(line, len(unique)) if line and not line.isspace() else -1 for line in lines]
        answers: list[tuple[Lang, float]] = []
        if unique:
            # fastText's own predict() re-checks every line in Python; the lines are already one-line here
            labels, probs = self._ft.f.multilinePredict(list(unique), 1, 0.0, "strict")
            to_lang = self._to_lang.get
            if all(labels):  # one label per line (threshold 0: always, for a line with words): one numpy pass
                # the float32 probabilities as Python floats, capped at 1 (fastText can exceed it by a step)
                scores = np.minimum(np.concatenate(probs), 1.0).astype(np.float64).tolist()
                answers = [(to_lang(lab[0], Lang.OTHER), score) for lab, score in zip(labels, scores, strict=True)]
            else:
                answers = [(to_lang(lab[0], Lang.OTHER), min(1.0, prob.item(0))) if lab else (Lang.UND, 0.0)
                           for lab, prob in zip(labels, probs, strict=True)]
        answers.append((Lang.UND, 0.0))
        return [answers[n] for n in slots]

    def predict_dist(self, text: str, k: int = -1) -> dict[Lang, float]:
        """Probability per our label (model labels mapping to the same label are summed)."""
        prepared = self.prepare(text)
        if not prepared:
            return {}
        labels, probs = self._ft.predict(prepared, k=k)
        dist: dict[Lang, float] = {}
        for lab, prob in zip(labels, probs):
            lang = self._to_lang.get(lab, Lang.OTHER)
            dist[lang] = dist.get(lang, 0.0) + float(prob)
        return dist
