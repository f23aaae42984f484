"""`norcorpus build`: a manifest in, a versioned Parquet corpus out.

Three datatrove stages, each its own executor run with its own work folder keyed by a fingerprint of
everything that stage depends on, so a finished stage is reused and an interrupted one resumes:

1. ingest   read every source → normalize → drop empty → tag language → staged Parquet + exact-dedup hashes
2. dups     find exact duplicates across all tasks and sources (highest source priority survives)
3. select   staged Parquet → drop duplicates → keep the version's languages → count → corpus Parquet

Tags are written in stage 1; the version's decisions (dedup, languages, later thresholds) in stage 3, so a
new threshold reruns only stage 3.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.exact_dedup import ExactDedupFilter, ExactDedupSignature, ExactFindDedups

from norcorpus import __version__
from norcorpus.dedup import exact_dedup_config
from norcorpus.errors import ShardError
from norcorpus.filters import EmptyTextFilter, LanguageSelection
from norcorpus.lid import LangidTagger
from norcorpus.normalize import UnicodeNormalizer
from norcorpus.sources import reader_for
from norcorpus.versions.accounted_step import AccountedStep
from norcorpus.versions.accounting import DropReason
from norcorpus.versions.corpus_writer import CorpusWriter
from norcorpus.versions.executors import ExecutionConfig, make_executor, quiet_datatrove, ray_session
from norcorpus.versions.kept_counter import KeptCounter
from norcorpus.versions.inputs import SourceInputs, fingerprint, resolve_inputs
from norcorpus.versions.manifest import Manifest
from norcorpus.versions.progress import StageProgress
from norcorpus.versions.staging import StagedReader, StagedWriter
from norcorpus.versions.stats import collect_stats

LOCK_FILE = "manifest.lock.json"
STATS_FILE = "stats.json"


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    sample: bool = False
    execution: ExecutionConfig = ExecutionConfig()


@dataclass(frozen=True)
class BuildResult:
    version_dir: Path
    stats: dict[str, Any]
    lock: dict[str, Any]
    up_to_date: bool = False


def _digest(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    os.replace(tmp, path)


class _Build:
    def __init__(self, manifest: Manifest, options: BuildOptions):
        self.manifest = manifest
        self.options = options
        self.version_dir = options.out / manifest.version
        self.work = self.version_dir / ".work"
        self.inputs: list[SourceInputs] = resolve_inputs(manifest, options.sample)
        self.tasks = manifest.tasks or max(len(i.files) for i in self.inputs)
        self.files = [fingerprint(url) for i in self.inputs for url in i.urls()]

    # -- fingerprints and lock ----------------------------------------------------------------------------

    def _input_identity(self) -> list[Any]:
        # relative paths + checksums: the same inputs give the same fingerprint wherever they are mounted
        checksums = iter(f.checksum for f in self.files)
        return [[i.name, [[rel, next(checksums)] for rel in i.files]] for i in self.inputs]

    def fingerprints(self) -> dict[str, str]:
        m = self.manifest
        ingest = _digest(
            "ingest", __version__, self.tasks, [s.model_dump(mode="json") for s in m.sources],
            m.lid.model_dump(mode="json"), self._input_identity(),
        )
        dups = _digest("dups", ingest, m.dedup.model_dump(mode="json"))
        select = _digest("select", dups, [lang.value for lang in m.languages])
        return {"ingest": ingest, "dups": dups, "select": select}

    def lock(self) -> dict[str, Any]:
        fps = self.fingerprints()
        return {
            "version": self.manifest.version,
            "norcorpus_version": __version__,
            "sample": self.options.sample,
            "config_hash": _digest(self.manifest.canonical_json(), fps["select"]),
            "stage_fingerprints": fps,
            "tasks": self.tasks,
            "manifest": self.manifest.model_dump(mode="json"),
            "inputs": {
                i.name: {
                    "root": i.root,
                    "files": [
                        {"path": rel, "size": f.size, "checksum": f.checksum}
                        for rel, f in zip(i.files, self._files_of(i), strict=True)
                    ],
                }
                for i in self.inputs
            },
            "skipped_sources": sorted({s.name for s in self.manifest.sources} - {i.name for i in self.inputs}),
        }

    def _files_of(self, inputs: SourceInputs) -> list[Any]:
        urls = set(inputs.urls())
        return [f for f in self.files if f.url in urls]

    # -- stages -------------------------------------------------------------------------------------------

    def _stage_dir(self, stage: str, fps: dict[str, str]) -> Path:
        return self.work / f"{stage}-{fps[stage][:12]}"

    def _paths_file(self, inputs: SourceInputs) -> Path:
        path = self.work / "inputs" / f"{inputs.name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{rel}\n" for rel in inputs.files), encoding="utf-8")
        return path

    def ingest_pipeline(self, stage_dir: Path) -> list[PipelineStep]:
        readers = [
            reader_for(self.manifest.source(i.name), i.root, str(self._paths_file(i))) for i in self.inputs
        ]
        steps: list[PipelineStep] = [
            *readers,
            UnicodeNormalizer(),
            EmptyTextFilter(),
            LangidTagger(min_chars=self.manifest.lid.min_chars),  # TEMPORARY: replaced by the fastText LID
            StagedWriter(str(stage_dir / "staged")),
        ]
        if self.manifest.dedup.exact:
            steps.append(
                ExactDedupSignature(
                    str(stage_dir / "signatures"),
                    config=self._dedup_config(),
                    finder_workers=self.manifest.dedup.finder_tasks,
                )
            )
        return steps

    def _dedup_config(self):
        return exact_dedup_config({s.name: s.priority for s in self.manifest.sources})

    def run(self) -> BuildResult:
        lock = self.lock()
        lock_path = self.version_dir / LOCK_FILE
        stats_path = self.version_dir / STATS_FILE
        if lock_path.is_file() and stats_path.is_file():
            previous = json.loads(lock_path.read_text())
            if previous.get("config_hash") == lock["config_hash"]:
                return BuildResult(self.version_dir, json.loads(stats_path.read_text()), lock, up_to_date=True)
        # a new or changed build: the old summary no longer describes data/
        lock_path.unlink(missing_ok=True)
        stats_path.unlink(missing_ok=True)

        fps = lock["stage_fingerprints"]
        ingest_dir, dups_dir, select_dir = (self._stage_dir(s, fps) for s in ("ingest", "dups", "select"))
        self._drop_stale_work({ingest_dir, dups_dir, select_dir})
        data_dir = self.version_dir / "data"
        if not (select_dir / "logs").exists() and data_dir.exists():
            shutil.rmtree(data_dir)  # data/ of another configuration; the select stage rewrites it

        exec_cfg = self.options.execution
        exact = self.manifest.dedup.exact
        stages: list[tuple[str, str, list[PipelineStep], int, Path]] = [
            ("ingest", "read · normalize · tag language · stage", self.ingest_pipeline(ingest_dir), self.tasks,
             ingest_dir),
        ]
        if exact:
            stages.append(
                ("dups", "find exact duplicates across sources",
                 [ExactFindDedups(str(ingest_dir / "signatures"), str(dups_dir / "duplicates"),
                                  config=self._dedup_config())],
                 self.manifest.dedup.finder_tasks, dups_dir)
            )
        select: list[PipelineStep] = [StagedReader(str(ingest_dir / "staged"))]
        if exact:
            select.append(
                AccountedStep(
                    ExactDedupFilter(str(dups_dir / "duplicates"), config=self._dedup_config()),
                    DropReason.EXACT_DUPLICATE.value,
                )
            )
        select += [LanguageSelection(self.manifest.languages), KeptCounter(), CorpusWriter(str(data_dir))]
        stages.append(("select", "dedup · select languages · write corpus", select, self.tasks, select_dir))

        with quiet_datatrove(), ray_session(exec_cfg):
            for index, (_name, title, pipeline, tasks, logging_dir) in enumerate(stages, start=1):
                executor = make_executor(exec_cfg, pipeline, tasks, logging_dir)
                with StageProgress(index, len(stages), title, tasks, exec_cfg.worker_count(tasks), logging_dir):
                    executor.run()
                _check_complete(executor, logging_dir)

        stats = collect_stats([ingest_dir, select_dir], [i.name for i in self.inputs])
        stats = {"version": self.manifest.version, "sample": self.options.sample, **stats}
        write_json_atomic(stats_path, stats)
        write_json_atomic(lock_path, lock)  # last: its presence means the build is complete
        return BuildResult(self.version_dir, stats, lock)

    def _drop_stale_work(self, keep: set[Path]) -> None:
        if not self.work.is_dir():
            return
        for child in self.work.iterdir():
            if child.is_dir() and child.name != "inputs" and child not in keep:
                shutil.rmtree(child)


def _check_complete(executor: Any, logging_dir: Path) -> None:
    """Ray only logs failed tasks; make any unfinished task an error that names its log."""
    incomplete = executor.get_incomplete_ranks()
    if incomplete:
        rank = incomplete[0]
        log = logging_dir / "logs" / f"task_{rank:05d}.log"
        raise ShardError(
            f"{len(incomplete)} task(s) did not finish (first: task {rank}, log {log})",
            hint="fix the cause shown in that log and run the same command again; finished tasks are kept",
        )


def build(manifest: Manifest, options: BuildOptions) -> BuildResult:
    return _Build(manifest, options).run()

