"""Per-source drop accounting around a step we do not own (e.g. datatrove's ExactDedupFilter).

The wrapped step sees the same documents and yields the survivors; what went in and did not come out,
per source, is counted as dropped with the given reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.versions.accounting import drop_label


class AccountedStep(PipelineStep):
    type = "🧾 - ACCOUNTED"

    def __init__(self, inner: PipelineStep, reason: str):
        super().__init__()
        self.inner = inner
        self.reason = reason
        self.name = f"{inner.name} [{reason}]"

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        seen: Counter[str] = Counter()
        out: Counter[str] = Counter()

        def counted(docs: DocumentsPipeline) -> Iterator[Document]:
            for doc in docs or ():
                seen[doc.metadata["source"]] += 1
                yield doc

        for doc in self.inner.run(counted(data), rank, world_size):
            out[doc.metadata["source"]] += 1
            yield doc
        for source, n_in in seen.items():
            if n_in > out[source]:
                self.stat_update(drop_label(source, self.reason), value=n_in - out[source])
        # the inner step is not in the executor's pipeline list: carry its stats into ours
        for label, metric in self.inner.stats.stats.items():
            self.stats[label] += metric
        self.stats.time_stats += self.inner.stats.time_stats
