"""Replace PII with placeholders (`<EMAIL>`, `<PHONE>`, `<FNR>`, `<ACCOUNT>`, `<IP>`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.batching import text_batches
from norcorpus.filters.pii import PiiKind, redact_batch
from norcorpus.filters.pii_config import PiiConfig

# Documents are searched in batches: one numpy pass over a batch finds where matches can start (a call
# per document would cost more than the work on short documents). A batch holds at least one document.
BATCH_CHARS = 200_000
BATCH_DOCS = 2_000


def pii_stat(kind: PiiKind) -> str:
    """The stat label counting redactions of one kind: pii_email, pii_phone, pii_fnr, pii_account, pii_ip."""
    return f"pii_{kind.value}"


class PiiRedactor(PipelineStep):
    """Writes `pii` (dict kind → count, all five kinds); counts `pii_<kind>` redactions and `pii_docs`.
    Documents come out in the order they came in, each batch once it is full."""

    name = "🕵 PII redaction"
    type = "✂️ - FORMAT"

    def __init__(
        self, config: PiiConfig | None = None, batch_chars: int = BATCH_CHARS, batch_docs: int = BATCH_DOCS
    ):
        super().__init__()
        self.config = config or PiiConfig()
        self.kinds = self.config.kinds()
        self.batch_chars = batch_chars
        self.batch_docs = batch_docs

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in text_batches(data, self.batch_chars, self.batch_docs):
            yield from self._redact(batch)

    def _redact(self, docs: list[Document]) -> Iterator[Document]:
        with self.track_time(unit="batch"):
            if self.kinds:
                results = redact_batch([doc.text for doc in docs], self.kinds)
            else:
                results = [(doc.text, Counter()) for doc in docs]
        for doc, (text, counts) in zip(docs, results, strict=True):
            doc.metadata["pii"] = {kind.value: counts.get(kind, 0) for kind in PiiKind}
            if counts:
                doc.text = text
                self.stat_update("pii_docs")
                for kind, n in counts.items():
                    self.stat_update(pii_stat(kind), value=n)
            yield doc
