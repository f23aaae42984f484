"""Decision steps: they read tags and drop documents with a counted reason per source."""

from norcorpus.filters.base import AccountedFilter
from norcorpus.filters.empty_text import EmptyTextFilter
from norcorpus.filters.language_selection import LanguageSelection

__all__ = ["AccountedFilter", "EmptyTextFilter", "LanguageSelection"]
