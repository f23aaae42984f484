"""Text normalization steps (datatrove formatters) and sentence segmentation."""

from norcorpus.normalize.boilerplate import BoilerplateLineRemover
from norcorpus.normalize.config import BoilerplateConfig, NormalizeConfig, SamiRepairConfig
from norcorpus.normalize.sami_repairer import LangPredictor, SamiRepairer, repair_sami
from norcorpus.normalize.sentences import split_sentences
from norcorpus.normalize.text_normalizer import TextNormalizer, clean_text
from norcorpus.normalize.unicode_normalizer import UnicodeNormalizer, normalize_text

__all__ = [
    "BoilerplateConfig",
    "BoilerplateLineRemover",
    "LangPredictor",
    "NormalizeConfig",
    "SamiRepairConfig",
    "SamiRepairer",
    "TextNormalizer",
    "UnicodeNormalizer",
    "clean_text",
    "normalize_text",
    "repair_sami",
    "split_sentences",
]
