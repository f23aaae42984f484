"""Replace PII with placeholders (`<EMAIL>`, `<PHONE>`, `<FNR>`, `<ACCOUNT>`, `<IP>`)."""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.filters.pii import PiiKind, redact
from norcorpus.filters.pii_config import PiiConfig


def pii_stat(kind: PiiKind) -> str:
    """The stat label counting redactions of one kind: pii_email, pii_phone, pii_fnr, pii_account, pii_ip."""
    return f"pii_{kind.value}"


class PiiRedactor(PipelineStep):
    """Writes `pii` (dict kind → count, all five kinds); counts `pii_<kind>` redactions and `pii_docs`."""

    name = "🕵 PII redaction"
    type = "✂️ - FORMAT"

    def __init__(self, config: PiiConfig | None = None):
        super().__init__()
        self.config = config or PiiConfig()
        self.kinds = self.config.kinds()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                text, counts = redact(doc.text, self.kinds) if self.kinds else (doc.text, {})
            doc.metadata["pii"] = {kind.value: counts.get(kind, 0) for kind in PiiKind}
            if counts:
                doc.text = text
                self.stat_update("pii_docs")
                for kind, n in counts.items():
                    self.stat_update(pii_stat(kind), value=n)
            yield doc
