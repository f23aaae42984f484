"""Keep the languages a version declares (`languages:` in the manifest); drop the rest as `language`."""

from __future__ import annotations

from collections.abc import Iterable

from datatrove.data import Document

from norcorpus.filters.base import AccountedFilter
from norcorpus.langs import Lang
from norcorpus.versions.accounting import DropReason


class LanguageSelection(AccountedFilter):
    name = "🌐 language selection"

    def __init__(self, languages: Iterable[Lang]):
        super().__init__()
        self.languages = frozenset(Lang(lang).value for lang in languages)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if not self.languages or doc.metadata.get("lang") in self.languages:
            return True
        return False, DropReason.LANGUAGE.value
