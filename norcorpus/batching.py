"""Documents in batches for the vectorized steps (LID, PII, quality signals, MinHash signatures)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from datatrove.data import Document


def text_batches(docs: Iterable[Document], max_chars: int, max_docs: int | None = None) -> Iterator[list[Document]]:
    """Consecutive documents, in order, in lists of about `max_chars` characters (at most `max_docs`
    documents): one numpy or fastText call per batch amortizes its fixed cost, and memory stays bounded."""
    batch: list[Document] = []
    chars = 0
    for doc in docs:
        batch.append(doc)
        chars += len(doc.text)
        if chars >= max_chars or (max_docs is not None and len(batch) >= max_docs):
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
