"""datatrove executors for a build: local processes or a Ray cluster. Scheduling is datatrove's."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import setup_default_logger

from norcorpus.errors import ConfigError


class ExecutorKind(StrEnum):
    LOCAL = "local"
    RAY = "ray"


@dataclass(frozen=True)
class ExecutionConfig:
    executor: ExecutorKind = ExecutorKind.LOCAL
    workers: int | None = None  # None: one per CPU core
    ray_address: str | None = None  # None: start a local Ray cluster

    def worker_count(self, tasks: int) -> int:
        workers = self.workers if self.workers is not None else (os.cpu_count() or 1)
        if workers < 1:
            raise ConfigError(f"--workers must be at least 1 (got {workers})")
        return max(1, min(workers, tasks))


_DEVNULL = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


# A task allocates millions of short-lived containers (paragraph labels, rows, token lists), and CPython's
# collector runs after every 700 of them, each full run walking the worker's long-lived heap too (modules,
# character tables, the LID model's vocabulary): ~4 % of a build's CPU in `perf`. Freezing what exists when
# a task starts takes that heap out of the walks, and a larger first-generation threshold makes the runs
# rarer; reference counting still frees everything that is not in a cycle at once.
_TASK_GC_THRESHOLD = 20_000


@contextlib.contextmanager
def task_gc() -> Iterator[None]:
    """Garbage-collector settings for the duration of one task (restored after it)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], _TASK_GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


class QuietLocalExecutor(LocalPipelineExecutor):
    """datatrove's LocalPipelineExecutor with its per-task console logging sent to the task log files only.

    datatrove logs every task at INFO on stderr; the build shows its own progress instead, and the full
    logs stay in `<logging_dir>/logs/task_NNNNN.log`. Each task runs under `task_gc`.
    """

    def _run_for_rank(self, rank: int, local_rank: int = 0, node_rank: int = -1):
        # datatrove adds its task's stderr sink, and re-adds the default one when the task ends, while
        # sys.stderr is devnull here, so both stay quiet
        with contextlib.redirect_stderr(_DEVNULL), task_gc():
            return super()._run_for_rank(rank, local_rank, node_rank)


def cache_loguru_lib_dirs() -> None:
    """Work out the interpreter's library folders once, not for every loguru sink.

    loguru's exception formatter, made for every sink added, expands ~36 sysconfig paths to find the library
    folders it hides from tracebacks (~3 ms); datatrove adds three sinks per task: ~0.25 s of CPU in a build
    of 13 input files (27 tasks). The folders cannot change while a build runs. Only applied where loguru still has
    the private static method, so another loguru version just goes without.
    """
    try:
        from loguru._better_exceptions import ExceptionFormatter
    except ImportError:
        return
    find = ExceptionFormatter.__dict__.get("_get_lib_dirs")
    if not isinstance(find, staticmethod) or getattr(find.__func__, "norcorpus_once", False):
        return
    lib_dirs = find.__func__()

    def once() -> list[str]:
        return list(lib_dirs)

    once.norcorpus_once = True  # type: ignore[attr-defined]
    ExceptionFormatter._get_lib_dirs = staticmethod(once)


@contextlib.contextmanager
def quiet_datatrove() -> Iterator[None]:
    """Silence datatrove's console logger in this process for the duration of a build."""
    cache_loguru_lib_dirs()  # before the local workers are forked: they inherit it
    with contextlib.redirect_stderr(_DEVNULL):
        setup_default_logger()
    try:
        yield
    finally:
        setup_default_logger()


def make_executor(
    config: ExecutionConfig,
    pipeline: list[PipelineStep | Callable],
    tasks: int,
    logging_dir: Path,
) -> PipelineExecutor:
    workers = config.worker_count(tasks)
    if config.executor is ExecutorKind.RAY:
        from norcorpus.versions.ray_executor import TunedRayPipelineExecutor

        return TunedRayPipelineExecutor(
            pipeline, tasks=tasks, workers=workers, logging_dir=str(logging_dir), cpus_per_task=1, mem_per_cpu_gb=1
        )
    return QuietLocalExecutor(
        pipeline, tasks=tasks, workers=workers, logging_dir=str(logging_dir), start_method="fork"
    )


@contextlib.contextmanager
def ray_session(config: ExecutionConfig) -> Iterator[None]:
    """Join the cluster at --ray-address, or start a local one for the duration of the build."""
    if config.executor is not ExecutorKind.RAY:
        yield
        return
    try:
        import ray
    except ImportError:
        raise ConfigError("--executor ray needs Ray", hint="pip install 'norcorpus[ray]'") from None
    started_here = not ray.is_initialized()
    # No address: a new local cluster. Ray's own default (address=None) joins whatever Ray instance it finds
    # running on this machine, even one left half-dead by a killed run, where it waits for ever. RAY_ADDRESS,
    # Ray's usual way to name a cluster, still counts.
    address = config.ray_address or os.environ.get("RAY_ADDRESS") or "local"
    if started_here:
        try:
            ray.init(
                address=address,
                log_to_driver=False,
                include_dashboard=False,
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConfigError(
                f"cannot join the Ray cluster at {address}: {first}",
                hint="is `ray start --head` running there? A cluster with token auth (the default of "
                "`ray start --head`) needs RAY_AUTH_MODE=token and its token in ~/.ray/auth_token",
            ) from None
    try:
        yield
    finally:
        if started_here:
            ray.shutdown()

