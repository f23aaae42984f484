"""Language identification: tagging steps (they only write `lang`/`lang_score`; manifests decide)."""

from norcorpus.lid.langid_tagger import LangidTagger

__all__ = ["LangidTagger"]
