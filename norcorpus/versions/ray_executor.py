"""datatrove's Ray executor with norcorpus's per-task settings (a module of its own: it imports Ray).

Ray unpickles the executor in its workers, so the class must live at module level in an importable module.
"""

from __future__ import annotations

from datatrove.executor.ray import RayPipelineExecutor

from norcorpus.versions.executors import cache_loguru_lib_dirs, task_gc


class TunedRayPipelineExecutor(RayPipelineExecutor):
    """Each task runs under `task_gc`, with loguru's library folders worked out once per worker."""

    def _run_for_rank(self, rank: int, local_rank: int = 0, node_rank: int = -1):
        cache_loguru_lib_dirs()
        with task_gc():
            return super()._run_for_rank(rank, local_rank, node_rank)
