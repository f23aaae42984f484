"""The per-task settings of norcorpus's executors: collector settings restored, loguru's folders unchanged."""

from __future__ import annotations

import gc

from norcorpus.versions.executors import cache_loguru_lib_dirs, task_gc


def test_task_gc_freezes_the_heap_for_the_task_and_restores_the_collector() -> None:
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    with task_gc():
        assert gc.get_threshold()[0] >= 20_000
        assert gc.get_freeze_count() > frozen  # what existed before the task is out of the collector's walks
        garbage = [[]]
        garbage[0].append(garbage)  # a cycle made during the task is still collected
        del garbage
        assert gc.collect() >= 1
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0


def test_loguru_lib_dirs_worked_out_once_are_the_same() -> None:
    from loguru._better_exceptions import ExceptionFormatter

    before = ExceptionFormatter()._lib_dirs
    cache_loguru_lib_dirs()
    cache_loguru_lib_dirs()  # a second call changes nothing
    first, second = ExceptionFormatter()._lib_dirs, ExceptionFormatter()._lib_dirs
    assert first == second == before
    assert first is not second  # each formatter gets its own list, as before
