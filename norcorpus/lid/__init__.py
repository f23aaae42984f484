"""Language identification: tagging steps (they only write `lang`/`lang_score`; manifests decide).

`FastTextLidTagger` (datatrove step) tags documents with the packaged fastText model through `LidModel`;
`LidConfig` is its typed configuration; `LidPredictor` serves other steps (the Sámi repair) lazily.
"""

from norcorpus.lid.config import LidConfig, TrainConfig
from norcorpus.lid.fasttext_tagger import FastTextLidTagger
from norcorpus.lid.model import LidModel
from norcorpus.lid.predictor import LidPredictor

__all__ = ["FastTextLidTagger", "LidConfig", "LidModel", "LidPredictor", "TrainConfig"]
