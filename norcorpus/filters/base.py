"""A datatrove filter whose drops are also counted per source, so stats.json can account for them."""

from __future__ import annotations

from abc import ABC

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.filters.base_filter import BaseFilter, get_filter_result
from datatrove.utils.typeshelper import StatHints

from norcorpus.versions.accounting import drop_label


class AccountedFilter(BaseFilter, ABC):
    """`filter(doc)` returns True, or (False, reason); every drop is counted as `dropped/<source>/<reason>`."""

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                keep, reason = get_filter_result(self.filter(doc))
            if keep:
                self.stat_update(StatHints.forwarded)
                yield doc
                continue
            reason = reason or self.name
            self.stat_update(StatHints.dropped, f"dropped_{reason}", drop_label(doc.metadata["source"], reason))
            if self.exclusion_writer:
                doc.metadata["filter_reason"] = reason
                self.exclusion_writer.write(doc, rank)
