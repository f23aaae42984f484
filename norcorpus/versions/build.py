"""`norcorpus build`: a manifest in, a versioned Parquet corpus out.

datatrove stages, each run by its own executor with its own work folder, keyed by a fingerprint of
everything that stage depends on, so a finished stage is reused and an interrupted one resumes:

1. ingest        read every source → Sámi repair, normalize, boilerplate → drop empty → tag language →
                 redact PII → tag quality → staged Parquet
2. decide        the version's decisions (languages, quality thresholds) → staged Parquet, plus the MinHash
                 signatures (or exact-dedup hashes) of the documents that pass them
3. near-buckets  MinHash LSH buckets → candidate pairs (one task per band group)
4. near-verify   true Jaccard of every candidate pair on the stored shingles
5. near-cluster  verified pairs → star clusters; the representative is the highest-priority document
6. select        drop exact and near duplicates → count → corpus Parquet, and the cluster table

When ingest has not run before, each of its tasks goes on with decide (one `ingest+decide` stage, without
reading the staged file back); its finished tasks are then recorded as ingest's too. Tags are written once,
in ingest: a new language list or quality threshold reruns from `decide` on, never the reading and tagging.
With one local worker, or input under 256 MB, 3-5 run as one task of one stage (`near`: the three steps in
turn, saving executor and task start-ups); with W local workers each gets at most W tasks; on a cluster, one
task per band and per partition. (With MinHash off, a `dups` stage of datatrove's exact dedup replaces 3-5.) `plan_build`
gives the stages to any datatrove executor (the Slurm script in pipelines/ uses it); `build` runs them
locally or on Ray and writes stats.json and the lock.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.exact_dedup import ExactDedupFilter, ExactDedupSignature, ExactFindDedups

from norcorpus import __version__
from norcorpus.atomic import write_json_atomic
from norcorpus.dedup import MinhashBuckets, MinhashCluster, MinhashSignature, MinhashVerify
from norcorpus.dedup.exact import SourcePriority, exact_dedup_config
from norcorpus.dedup.layout import SIGNATURE_FORMAT
from norcorpus.errors import ConfigError, ShardError
from norcorpus.filters import LanguageSelection
from norcorpus.filters.cleaning import CLEAN_STAT_LABELS, cleaning_steps, selection_steps
from norcorpus.lid import FastTextLidTagger, LidPredictor
from norcorpus.lid.model import model_checksum
from norcorpus.sources import reader_for
from norcorpus.versions.accounted_step import AccountedStep
from norcorpus.versions.accounting import DropReason
from norcorpus.versions.corpus_selector import CorpusSelector
from norcorpus.versions.corpus_writer import CorpusWriter
from norcorpus.versions.executors import (
    ExecutionConfig,
    ExecutorKind,
    make_executor,
    quiet_datatrove,
    ray_session,
)
from norcorpus.versions.inputs import FileFingerprint, SourceInputs, fingerprint, resolve_inputs
from norcorpus.versions.kept_counter import KeptCounter
from norcorpus.versions.manifest import Manifest
from norcorpus.versions.progress import StageProgress
from norcorpus.versions.staging import StagedReader, StagedWriter
from norcorpus.versions.stats import collect_stats

LOCK_FILE = "manifest.lock.json"
STATS_FILE = "stats.json"
CLUSTERS_DIR = "clusters"  # the cluster table: id, cluster_id, cluster_size of every document MinHash saw
SMALL_INPUT_BYTES = 256 * 1024 * 1024  # below: the MinHash global stages run as one task (see _near_split)


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


@dataclass(frozen=True)
class FusedPart:
    """The first `steps` steps of a fused stage's pipeline are the whole of the stage logged in `logging_dir`."""

    steps: int
    logging_dir: Path


@dataclass(frozen=True)
class Stage:
    name: str
    title: str
    pipeline: list[PipelineStep]
    tasks: int
    logging_dir: Path
    # set when the stage runs an earlier stage in the same tasks (ingest inside decide): completing the stage
    # also gives that earlier stage its per-task stats and completion markers, so a later build can reuse it
    fused: FusedPart | None = None


def _complete(logging_dir: Path, tasks: int) -> bool:
    done = logging_dir / "completions"
    return all((done / f"{rank:05d}").is_file() for rank in range(tasks))


def _digest(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class BuildPlan:
    """The resolved inputs, fingerprints, stages and output paths of one build."""

    def __init__(self, manifest: Manifest, out: Path, sample: bool = False, workers: int | None = None):
        self.manifest = manifest
        self.sample = sample
        # parallel workers of the local executor; None (a cluster: Ray, Slurm) splits the MinHash global
        # stages as finely as they go. Only the near-* task split depends on it, never a result.
        self.workers = workers
        self.version_dir = Path(out) / manifest.version
        self.work = self.version_dir / ".work"
        self.data_dir = self.version_dir / "data"
        self.inputs: list[SourceInputs] = resolve_inputs(manifest, sample)
        # default: one task per input file, so every file is read in parallel with the others
        self.tasks = manifest.tasks or sum(len(i.files) for i in self.inputs)
        self.files = self._fingerprint_inputs()
        self.fingerprints = self._fingerprints()
        self.stage_dirs = {name: self.work / f"{name}-{fp[:12]}" for name, fp in self.fingerprints.items()}
        # the near stages' completion markers are per task, so their folder is keyed on the task split too
        # (select depends on their content only, which is the same for every split)
        near_run = _digest(self.fingerprints["near"], self._near_split())
        self.stage_dirs["near"] = self.work / f"near-{near_run[:12]}"

    # -- identity -----------------------------------------------------------------------------------------

    def _fingerprint_inputs(self) -> dict[str, list[FileFingerprint]]:
        cache_path = self.work / "inputs" / "checksums.json"
        cache: dict[str, str] = json.loads(cache_path.read_text()) if cache_path.is_file() else {}
        known = len(cache)
        files = {i.name: [fingerprint(url, cache) for url in i.urls()] for i in self.inputs}
        if len(cache) != known:
            write_json_atomic(cache_path, cache)
        return files

    def _fingerprints(self) -> dict[str, str]:
        m = self.manifest
        # relative paths + checksums: the same inputs give the same fingerprint wherever they are mounted
        inputs = [[i.name, [[rel, f.checksum] for rel, f in zip(i.files, self.files[i.name])]] for i in self.inputs]
        minhash = m.dedup.minhash
        # the signatures depend on how documents are shingled and hashed, not on the threshold
        signature = (
            [SIGNATURE_FORMAT, minhash.model_dump(include={"ngram", "bands", "rows", "seed"})] if minhash else None
        )
        ingest = _digest(
            "ingest", __version__, self.tasks, [s.model_dump(mode="json") for s in m.sources],
            m.limits.model_dump(), m.normalize.model_dump(mode="json"), m.lid.model_dump(mode="json"),
            model_checksum(m.lid.model),
            m.pii.model_dump(mode="json"), inputs,
        )
        decide = _digest(
            "decide", ingest, [lang.value for lang in m.languages], m.quality.model_dump(mode="json"),
            m.dedup.exact, signature,
        )
        dups = _digest("dups", decide, m.dedup.finder_tasks)
        near = _digest("near", decide, minhash.model_dump() if minhash else None, self._against_identity())
        select = _digest("select", dups, near)
        return {"ingest": ingest, "decide": decide, "dups": dups, "near": near, "select": select}

    # -- dedup against a previous build ---------------------------------------------------------------------

    def _against_lock(self) -> dict[str, Any] | None:
        against = self.manifest.dedup.against
        if not against:
            return None
        lock_path = Path(against) / LOCK_FILE
        if not lock_path.is_file():
            raise ConfigError(f"dedup.against: {against} is not a finished build (no {LOCK_FILE})")
        return json.loads(lock_path.read_text())

    def _against_identity(self) -> str | None:
        lock = self._against_lock()
        return lock["config_hash"] if lock else None

    def against_index(self) -> Path | None:
        """The previous build's MinHash signatures, the index that `dedup.against` deduplicates against."""
        lock = self._against_lock()
        if lock is None:
            return None
        decide_fp = lock["stage_fingerprints"]["decide"]
        index = Path(self.manifest.dedup.against) / ".work" / f"decide-{decide_fp[:12]}" / "minhash"
        if not index.is_dir():
            raise ConfigError(f"dedup.against: {self.manifest.dedup.against} was built without MinHash signatures")
        return index

    def lock(self) -> dict[str, Any]:
        return {
            "version": self.manifest.version,
            "norcorpus_version": __version__,
            "sample": self.sample,
            "config_hash": _digest(self.manifest.canonical_json(), self.fingerprints["select"]),
            "stage_fingerprints": self.fingerprints,
            "tasks": self.tasks,
            "manifest": self.manifest.model_dump(mode="json"),
            "inputs": {
                i.name: {
                    "root": i.root,
                    "files": [
                        {"path": rel, "size": f.size, "checksum": f.checksum}
                        for rel, f in zip(i.files, self.files[i.name], strict=True)
                    ],
                }
                for i in self.inputs
            },
            "skipped_sources": sorted({s.name for s in self.manifest.sources} - {i.name for i in self.inputs}),
        }

    # -- stages -------------------------------------------------------------------------------------------

    def _paths_file(self, inputs: SourceInputs) -> Path:
        path = self.work / "inputs" / f"{inputs.name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{rel}\n" for rel in inputs.files), encoding="utf-8")
        return path

    def _priorities(self) -> SourcePriority:
        return SourcePriority({s.name: s.priority for s in self.manifest.sources})

    def _dedup_config(self):
        return exact_dedup_config(self._priorities().priorities)

    def _near_split(self) -> tuple[int, int] | None:
        """(bucket tasks, verify tasks) of the MinHash global stages; None: one task runs all three in turn.

        One worker gets one task (three executor start-ups and 20 + 4 task set-ups saved: ~1 s per build), and
        so do several for input under SMALL_INPUT_BYTES, where the split stages would save less than their
        start-ups cost (100 MB of text in 23 MB of zstd: 0.07 s of buckets and verification, 0.2 s of
        clustering, which is one task anyway). More workers get at most one task each per stage, since a
        task takes every W-th band or partition.
        """
        minhash = self.manifest.dedup.minhash
        if minhash is None:
            return None
        if self.workers is None:
            return minhash.bands, minhash.partitions
        if self.workers <= 1 or self._input_bytes() < SMALL_INPUT_BYTES:
            return None
        return min(self.workers, minhash.bands), min(self.workers, minhash.partitions)

    def _input_bytes(self) -> int:
        return sum(f.size or 0 for files in self.files.values() for f in files)

    def stages(self) -> list[Stage]:
        dirs = self.stage_dirs
        minhash = self.manifest.dedup.minhash
        # With MinHash on, exact copies are found there too (equal band hashes, Jaccard 1, equal content hash)
        # and one survivor rule decides both kinds; datatrove's exact dedup runs when MinHash is off.
        exact = self.manifest.dedup.exact and minhash is None
        signatures = dirs["decide"] / "minhash"

        ingest: list[PipelineStep] = []
        offset = 0
        for i in self.inputs:
            spec = self.manifest.source(i.name)
            limit = self.manifest.limits.max_document_chars
            ingest.append(reader_for(spec, i.root, str(self._paths_file(i)), offset, max_chars=limit))
            offset += len(i.files)
        # Sámi repair → normalize → boilerplate lines → drop empty → LID → PII redaction → quality tags
        lid = self.manifest.lid
        ingest += cleaning_steps(FastTextLidTagger(lid), self.manifest.normalize, self.manifest.pii, LidPredictor(lid))
        ingest.append(StagedWriter(str(dirs["ingest"] / "staged")))

        # The version's decisions come before dedup, so that a duplicate cluster's survivor is always a document
        # the version keeps (a copy that fails them never hides one that passes).
        decide: list[PipelineStep] = [
            LanguageSelection(self.manifest.languages),
            *selection_steps(self.manifest.quality),
            StagedWriter(str(dirs["decide"] / "staged")),
        ]
        if minhash:  # passes documents through
            decide.append(MinhashSignature(str(signatures), minhash, self._priorities()))
        if exact:  # consumes the stream: last
            decide.append(
                ExactDedupSignature(
                    str(dirs["decide"] / "signatures"),
                    config=self._dedup_config(),
                    finder_workers=self.manifest.dedup.finder_tasks,
                )
            )
        if _complete(dirs["ingest"], self.tasks):  # tagged before, e.g. by a version with other thresholds
            stages = [
                Stage("ingest", "read · clean · tag language and quality", ingest, self.tasks, dirs["ingest"]),
                Stage("decide", "select languages and quality · dedup signatures",
                      [StagedReader(str(dirs["ingest"] / "staged")), *decide], self.tasks, dirs["decide"]),
            ]
        else:
            # Each task decides on the documents it has just tagged and staged, instead of a second stage
            # reading the staged file back: one Parquet read-back, one round of task start-ups and one
            # stage barrier less (~4 % of a build's CPU, 0.4 s of 11.5 at 2 workers on 100 MB). The
            # decisions see the same values either way: the staged columns hold exactly what the tags are
            # (float64, int32, strings).
            stages = [
                Stage("ingest+decide", "read · clean · tag language and quality · decide · dedup signatures",
                      ingest + decide, self.tasks, dirs["decide"],
                      FusedPart(len(ingest), dirs["ingest"])),
            ]

        if exact:
            find = ExactFindDedups(
                str(dirs["decide"] / "signatures"), str(dirs["dups"] / "duplicates"), config=self._dedup_config()
            )
            stages.append(
                Stage("dups", "find exact duplicates across sources", [find], self.manifest.dedup.finder_tasks,
                      dirs["dups"])
            )
        if minhash:
            index = self.against_index()
            idx = str(index) if index else None
            near = dirs["near"]
            candidates, edges, clusters = (str(near / d) for d in ("candidates", "edges", "clusters"))
            buckets = MinhashBuckets(str(signatures), candidates, minhash, idx)
            verify = MinhashVerify(candidates, str(signatures), edges, minhash, idx)
            cluster = MinhashCluster(edges, str(signatures), clusters, minhash, idx)
            split = self._near_split()
            if split is None:  # datatrove runs a task's steps in order: buckets, then verify, then cluster
                stages.append(Stage("near", "MinHash buckets · true Jaccard · clusters", [buckets, verify, cluster],
                                    1, near / "all"))
            else:
                stages += [
                    Stage("near-buckets", "MinHash LSH buckets → candidate pairs", [buckets], split[0],
                          near / "buckets"),
                    Stage("near-verify", "true Jaccard of the candidate pairs", [verify], split[1], near / "verify"),
                    Stage("near-cluster", "near-duplicate clusters", [cluster], 1, near / "cluster"),
                ]

        select: list[PipelineStep]
        if minhash:  # on the staged table, column by column (see CorpusSelector)
            select = [CorpusSelector(str(dirs["decide"] / "staged"), str(dirs["near"] / "clusters"),
                                     str(self.version_dir / CLUSTERS_DIR), str(self.data_dir))]
        else:
            select = [StagedReader(str(dirs["decide"] / "staged"))]
            if exact:
                dedup = ExactDedupFilter(str(dirs["dups"] / "duplicates"), config=self._dedup_config())
                select.append(AccountedStep(dedup, DropReason.EXACT_DUPLICATE.value))
            select += [KeptCounter(), CorpusWriter(str(self.data_dir))]
        stages.append(Stage("select", "drop duplicates · write corpus", select, self.tasks, dirs["select"]))
        return stages

    # -- before and after ---------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Remove what belongs to another configuration: work of old fingerprints, and their data/."""
        (self.version_dir / LOCK_FILE).unlink(missing_ok=True)  # its presence means "complete"
        (self.version_dir / STATS_FILE).unlink(missing_ok=True)
        keep = set(self.stage_dirs.values())
        if self.work.is_dir():
            for child in self.work.iterdir():
                if child.is_dir() and child.name != "inputs" and child not in keep:
                    shutil.rmtree(child)
        if not (self.stage_dirs["select"] / "logs").exists():
            # data/ and the cluster table of another configuration; the select stage rewrites them
            for derived in (self.data_dir, self.version_dir / CLUSTERS_DIR):
                if derived.exists():
                    shutil.rmtree(derived)

    @staticmethod
    def check_complete(stage: Stage) -> None:
        """Every task of the stage has datatrove's completion marker (Ray only logs failed tasks).

        For a fused stage, its finished tasks also complete the stage they ran inside them (see `_settle`).
        """
        if stage.fused is not None:
            _settle(stage, stage.fused)
        done = stage.logging_dir / "completions"
        incomplete = [r for r in range(stage.tasks) if not (done / f"{r:05d}").is_file()]
        if incomplete:
            log = stage.logging_dir / "logs" / f"task_{incomplete[0]:05d}.log"
            raise ShardError(
                f"stage {stage.name}: {len(incomplete)} task(s) did not finish (first: task {incomplete[0]}, "
                f"log {log})",
                hint="fix the cause shown in that log and run the same command again; finished tasks are kept",
            )

    def finalize(self) -> BuildResult:
        """stats.json and the lock, from the finished stages' per-task stats."""
        for stage in self.stages():
            self.check_complete(stage)
        stats = collect_stats(
            [self.stage_dirs[s] for s in ("ingest", "decide", "select")],
            [i.name for i in self.inputs],
            CLEAN_STAT_LABELS,
        )
        stats = {"version": self.manifest.version, "sample": self.sample, **stats}
        lock = self.lock()
        write_json_atomic(self.version_dir / STATS_FILE, stats)
        write_json_atomic(self.version_dir / LOCK_FILE, lock)  # last: its presence means the build is complete
        return BuildResult(self.version_dir, stats, lock)

    def up_to_date(self) -> BuildResult | None:
        lock_path, stats_path = self.version_dir / LOCK_FILE, self.version_dir / STATS_FILE
        if not (lock_path.is_file() and stats_path.is_file()):
            return None
        lock = self.lock()
        if json.loads(lock_path.read_text()).get("config_hash") != lock["config_hash"]:
            return None
        return BuildResult(self.version_dir, json.loads(stats_path.read_text()), lock, up_to_date=True)


def _settle(stage: Stage, part: FusedPart) -> None:
    """Give every finished task of a fused stage's inner stage its own stats file and completion marker.

    datatrove saves one stats file per task, with every step of the pipeline: the inner stage's steps come
    first. They move to the inner stage's folder, so that a later build that reuses it (another version's
    thresholds) counts them once. Crash-safe in this order: inner stats, outer stats, inner marker; a task
    whose outer stats are already split only lacks its marker.
    """
    done, inner_done = stage.logging_dir / "completions", part.logging_dir / "completions"
    inner_done.mkdir(parents=True, exist_ok=True)
    for rank in range(stage.tasks):
        name = f"{rank:05d}"
        if not (done / name).is_file() or (inner_done / name).is_file():
            continue
        stats_path = stage.logging_dir / "stats" / f"{name}.json"
        steps = json.loads(stats_path.read_text(encoding="utf-8"))
        if len(steps) == len(stage.pipeline):  # not split yet
            write_json_atomic(part.logging_dir / "stats" / f"{name}.json", steps[: part.steps])
            write_json_atomic(stats_path, steps[part.steps :])
        (inner_done / name).touch()


def plan_build(manifest: Manifest, out: Path, sample: bool = False, workers: int | None = None) -> BuildPlan:
    return BuildPlan(manifest, out, sample, workers)


def build(manifest: Manifest, options: BuildOptions) -> BuildResult:
    config = options.execution
    local = config.executor is ExecutorKind.LOCAL
    plan = BuildPlan(manifest, options.out, options.sample, config.worker_count(1 << 30) if local else None)
    if (done := plan.up_to_date()) is not None:
        return done
    plan.prepare()
    stages = plan.stages()
    with quiet_datatrove(), ray_session(config):
        for index, stage in enumerate(stages, start=1):
            executor = make_executor(config, stage.pipeline, stage.tasks, stage.logging_dir)
            workers = config.worker_count(stage.tasks)
            with StageProgress(index, len(stages), stage.title, stage.tasks, workers, stage.logging_dir):
                executor.run()
            plan.check_complete(stage)  # a later stage must never run on a partial earlier one
    return plan.finalize()
