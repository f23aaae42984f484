"""Drop documents with no text left after normalization."""

from __future__ import annotations

from datatrove.data import Document

from norcorpus.filters.base import AccountedFilter
from norcorpus.versions.accounting import DropReason


class EmptyTextFilter(AccountedFilter):
    name = "∅ empty text"

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return (True, None) if doc.text.strip() else (False, DropReason.EMPTY.value)
