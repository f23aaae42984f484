"""Terminal progress of a build: one line per stage, and a live task bar when stderr is a terminal."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from tqdm import tqdm


class StageProgress:
    """Counts datatrove's completion markers of a stage while it runs (works for local and Ray)."""

    def __init__(self, index: int, total: int, title: str, tasks: int, workers: int, logging_dir: Path):
        self.header = f"[{index}/{total}] {title}"
        self.tasks = tasks
        self.workers = workers
        self.completions = logging_dir / "completions"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start = 0.0

    def _done(self) -> int:
        return len(list(self.completions.glob("*"))) if self.completions.is_dir() else 0

    def _poll(self) -> None:
        with tqdm(total=self.tasks, desc="      tasks", unit="task", file=sys.stderr, leave=False) as bar:
            while not self._stop.wait(0.25):
                bar.update(self._done() - bar.n)

    def __enter__(self) -> StageProgress:
        self._start = time.perf_counter()
        done = self._done()
        resumed = f", {done} already done" if done else ""
        print(f"{self.header} ({self.tasks} tasks, {self.workers} workers{resumed})", file=sys.stderr, flush=True)
        if sys.stderr.isatty():
            self._thread = threading.Thread(target=self._poll, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if exc_type is None:
            elapsed = time.perf_counter() - self._start
            print(f"      done in {elapsed:.1f}s", file=sys.stderr, flush=True)
