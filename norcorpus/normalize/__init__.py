"""Text normalization steps (datatrove formatters)."""

from norcorpus.normalize.unicode_normalizer import UnicodeNormalizer

__all__ = ["UnicodeNormalizer"]
