"""Standalone near-dup dedup of JSONL(.gz/.zst) or Parquet files with `id` and `text` (`norcorpus dedup`).

datatrove executor runs over one work folder keyed by the inputs and the config, so an interrupted run
resumes where it stopped (datatrove's completion markers) and a changed input or threshold starts afresh:
signatures (one task per input file) → buckets → verify → cluster (one run with one worker, see
stages.py) → select + write.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import JsonlReader, ParquetReader
from datatrove.pipeline.writers import JsonlWriter

from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.minhash_filter import CLUSTER_ID, CLUSTER_SIZE
from norcorpus.dedup.stages import MinhashStages
from norcorpus.errors import ConfigError, ShardError
from norcorpus.versions.executors import ExecutionConfig, make_executor, quiet_datatrove, ray_session

SOURCE = "input"  # the accounting label of every document of a standalone run
_JSONL = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".json", ".json.gz", ".json.zst")
_PARQUET = (".parquet",)


@dataclass(frozen=True)
class DedupResult:
    documents: int
    kept: int
    removed: int
    clusters: int  # clusters with more than one document
    output: Path

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "output": str(self.output)}


def _input_files(path: Path) -> tuple[list[Path], str]:
    if not path.exists():
        raise ConfigError(f"input {path} does not exist")
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    jsonl = [f for f in files if f.name.endswith(_JSONL)]
    parquet = [f for f in files if f.name.endswith(_PARQUET)]
    if not jsonl and not parquet:
        raise ConfigError(
            f"no JSONL(.gz/.zst) or Parquet input in {path}",
            hint="INPUT is a .jsonl, .jsonl.gz, .jsonl.zst or .parquet file, or a folder of them",
        )
    if jsonl and parquet:
        raise ConfigError(f"{path} mixes JSONL and Parquet files; dedup one format at a time")
    return (jsonl, "jsonl") if jsonl else (parquet, "parquet")


def _adapter(_reader: Any, data: dict, path: str, id_in_file: int | str) -> dict:
    if "text" not in data or "id" not in data:
        missing = "text" if "text" not in data else "id"
        raise ShardError(
            f"record {id_in_file} of {path} has no `{missing}` field",
            hint="every input record needs `id` and `text`",
        )
    if not isinstance(data["text"], str):
        raise ShardError(f"record {id_in_file} of {path}: `text` is not a string")
    text, doc_id = data.pop("text"), data.pop("id")
    return {"text": text, "id": str(doc_id), "metadata": {**data, "source": SOURCE}}


def _reader(root: Path, files: list[Path], fmt: str) -> PipelineStep:
    paths_file = root / "inputs.txt"
    paths_file.write_text("".join(f"{f.name}\n" for f in files), encoding="utf-8")
    folder = str(files[0].parent)
    if any(f.parent != files[0].parent for f in files):
        folder = os.path.commonpath([str(f.parent) for f in files])
        paths_file.write_text("".join(f"{f.relative_to(folder)}\n" for f in files), encoding="utf-8")
    cls = JsonlReader if fmt == "jsonl" else ParquetReader
    return cls(folder, paths_file=str(paths_file), adapter=_adapter, **({"add_file_path": False} if fmt == "jsonl" else {}))


def _output_adapter(_writer: Any, doc: Any) -> dict:
    meta = {k: v for k, v in doc.metadata.items() if k != "source"}
    return {"id": doc.id, "text": doc.text, **meta}


class _GzipJsonlWriter(JsonlWriter):
    """datatrove's JsonlWriter with gzip at level 1 and a zero header time. fsspec's gzip compresses at level
    9: measured 5x slower than level 1 on the dedup benchmark's output for files 1.2x smaller, it was half
    of the select stage; and it stamps the current time, so two equal runs wrote different bytes."""

    def __init__(self, output_folder: str, output_filename: str, adapter: Any):
        super().__init__(output_folder, output_filename=output_filename, compression=None, adapter=adapter)
        self._gzip: dict[str, gzip.GzipFile] = {}

    def _write(self, document: dict, file_handler: Any, filename: str) -> None:
        out = self._gzip.get(filename)
        if out is None:
            out = gzip.GzipFile(fileobj=file_handler, mode="wb", compresslevel=1, mtime=0)
            self._gzip[filename] = out
        super()._write(document, out, filename)

    def close(self) -> None:
        for out in self._gzip.values():
            out.close()  # writes the gzip trailer; the file itself is closed by the writer below
        self._gzip = {}
        super().close()


def _fingerprint(files: list[Path], config: MinhashConfig) -> str:
    ident = [[str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    blob = json.dumps([ident, config.model_dump(mode="json")], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def dedup_files(
    input_path: Path,
    output: Path,
    config: MinhashConfig,
    execution: ExecutionConfig = ExecutionConfig(),
    timings: dict[str, float] | None = None,
) -> DedupResult:
    """Deduplicate the input into `output`; `timings`, when given, gets the seconds of each executor run."""
    files, fmt = _input_files(input_path)
    work = output / ".work" / _fingerprint(files, config)
    work.mkdir(parents=True, exist_ok=True)
    stages = MinhashStages(work, config)
    tasks = len(files)
    reader = _reader(work, files, fmt)
    docs_dir = output / "documents"
    runs: list[tuple[str, list[PipelineStep], int]] = [
        ("signatures", [reader, stages.signature_step()], tasks),
        *stages.global_runs(execution.worker_count(max(config.bands, config.partitions))),
        (
            "select",
            [
                _reader(work, files, fmt),
                stages.filter_step(table=work / "table"),
                _GzipJsonlWriter(str(docs_dir), "${rank}.jsonl.gz", _output_adapter),
            ],
            tasks,
        ),
    ]
    with quiet_datatrove(), ray_session(execution):
        for name, pipeline, n in runs:
            logs = work / "logs" / name
            start = time.perf_counter()
            executor = make_executor(execution, pipeline, n, logs)
            executor.run()
            incomplete = executor.get_incomplete_ranks()
            if incomplete:
                raise ShardError(
                    f"dedup stage {name}: {len(incomplete)} task(s) failed "
                    f"(log {logs / 'logs' / f'task_{incomplete[0]:05d}.log'})"
                )
            if timings is not None:
                timings[name] = time.perf_counter() - start
    return _finish(work, output)


def _finish(work: Path, output: Path) -> DedupResult:
    parts = sorted((work / "table").glob("*.parquet"))
    table = pa.concat_tables([pq.read_table(p) for p in parts]) if parts else pa.table(
        {"id": pa.array([], pa.string()), "cluster_id": pa.array([], pa.string()), CLUSTER_SIZE: pa.array([], pa.int32())}
    )
    counts = pc.value_counts(table["id"])
    repeated = pc.filter(counts, pc.greater(counts.field("counts"), 1))
    if len(repeated):
        raise ConfigError(
            f"input ids are not unique: {repeated[0]['values']} occurs {repeated[0]['counts']} times",
            hint="give every input document its own `id`",
        )
    tmp = output / ".clusters.parquet.tmp"
    pq.write_table(table.select(["id", CLUSTER_ID, CLUSTER_SIZE]), tmp, compression="zstd")
    os.replace(tmp, output / "clusters.parquet")
    n = table.num_rows
    kept = int(pc.sum(pc.equal(table["id"], table[CLUSTER_ID])).as_py() or 0)
    multi = pc.greater(table[CLUSTER_SIZE], 1)
    clusters = len(pc.unique(pc.filter(table[CLUSTER_ID], multi)))
    shutil.rmtree(output / ".work", ignore_errors=True)  # finished: the resume state is no longer needed
    return DedupResult(documents=n, kept=kept, removed=n - kept, clusters=clusters, output=output)
