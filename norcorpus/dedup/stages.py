"""The MinHash near-dup stages of one run, composed from one work folder (what `norcorpus dedup` runs and
what a build inserts): signature step → buckets → verify → cluster (executor stages) → filter step.

`global_runs` gives the three global stages as executor runs. With one worker they are one run of one
task whose pipeline is the three steps: datatrove calls a pipeline's steps in order and these steps do
their work when called, so the task runs buckets, then verify, then cluster, and two executor start-ups
(~50 ms each: a multiprocess manager, task loggers, stats files) are saved. Each step still rewrites its
outputs whole, so a rerun after a crash gives the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from datatrove.data import Document
from datatrove.pipeline.base import PipelineStep

from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.minhash_buckets import MinhashBuckets
from norcorpus.dedup.minhash_cluster import MinhashCluster
from norcorpus.dedup.minhash_filter import MinhashFilter
from norcorpus.dedup.minhash_signature import MinhashSignature
from norcorpus.dedup.minhash_verify import MinhashVerify


@dataclass(frozen=True)
class MinhashStages:
    work: Path
    config: MinhashConfig = MinhashConfig()
    index: Path | None = None  # a previous version's signatures folder
    only_in_index: bool = False

    @property
    def signatures(self) -> Path:
        return self.work / "signatures"

    def signature_step(self, priority: Callable[[Document], int] | None = None) -> MinhashSignature:
        return MinhashSignature(str(self.signatures), self.config, priority)

    def buckets_stage(self, tasks: int | None = None) -> tuple[MinhashBuckets, int]:
        """(step, tasks): any number of tasks up to one per band (default); each takes bands r, r+tasks, ..."""
        idx = str(self.index) if self.index else None
        step = MinhashBuckets(str(self.signatures), str(self.work / "candidates"), self.config, idx, self.only_in_index)
        return step, min(tasks or self.config.bands, self.config.bands)

    def verify_stage(self) -> tuple[MinhashVerify, int]:
        idx = str(self.index) if self.index else None
        step = MinhashVerify(
            str(self.work / "candidates"), str(self.signatures), str(self.work / "edges"), self.config, idx
        )
        return step, self.config.partitions

    def cluster_stage(self) -> tuple[MinhashCluster, int]:
        idx = str(self.index) if self.index else None
        return MinhashCluster(str(self.work / "edges"), str(self.signatures), str(self.work / "clusters"), self.config, idx), 1

    def filter_step(self, table: Path | None = None) -> MinhashFilter:
        return MinhashFilter(str(self.work / "clusters"), str(table) if table else None)

    def global_runs(self, workers: int) -> list[tuple[str, list[PipelineStep], int]]:
        """(name, pipeline, tasks) of the executor runs between the signature and the filter steps, for
        `workers` parallel workers."""
        buckets, bucket_tasks = self.buckets_stage(workers)
        verify, partitions = self.verify_stage()
        cluster, _ = self.cluster_stage()
        if workers <= 1:
            return [("near", [buckets, verify, cluster], 1)]
        # a verify task takes partitions r, r+W, ...: more tasks than workers would only add start-ups
        return [("buckets", [buckets], bucket_tasks), ("verify", [verify], min(workers, partitions)),
                ("cluster", [cluster], 1)]
