"""`norcorpus clean INPUT OUTPUT`: the build's cleaning steps on one JSONL(.gz/.zst) or Parquet input.

INPUT holds records with `id` and `text` (a file, or a directory of such files); OUTPUT becomes a
directory of Parquet files with `id`, the cleaned `text`, `lang`, `lang_score` and the cleaning tags.
The steps are exactly `norcorpus.filters.cleaning.cleaning_steps` (the build's), run by datatrove's
LocalPipelineExecutor; `--select` also applies the quality thresholds, as a build's select stage does.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import typer
from datatrove.data import Document
from datatrove.pipeline.writers import ParquetWriter

from norcorpus.cli.app import app
from norcorpus.errors import ConfigError, ShardError
from norcorpus.filters.cleaning import (
    CLEAN_METADATA_COLUMNS,
    CLEAN_STAT_LABELS,
    cleaning_steps,
    selection_steps,
)
from norcorpus.lid import FastTextLidTagger
from norcorpus.sources.base import MalformedRecord
from norcorpus.sources.generic import GenericReader
from norcorpus.versions.executors import QuietLocalExecutor, quiet_datatrove

SOURCE = "input"  # the `source` of every document (drop counts are labelled with it)
_SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz", ".jsonl.zst", ".json.zst", ".jsonl.zstd", ".parquet")

CLEAN_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("lang", pa.string()),
        pa.field("lang_score", pa.float64()),
        *CLEAN_METADATA_COLUMNS,
    ]
)


class _CleanInputReader(GenericReader):
    """The generic reader, keeping the input's own `id` (required) as the output id."""

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        native = obj.get("id")
        if isinstance(native, int) and not isinstance(native, bool):
            native = obj["id"] = str(native)
        if not isinstance(native, str) or not native:
            raise MalformedRecord("no string id")
        doc = super().parse_object(obj, filepath)
        doc.id = native
        return doc


def _row(self: Any, doc: Document) -> dict[str, Any]:
    meta = doc.metadata
    return {"id": doc.id, "text": doc.text, **{name: meta.get(name) for name in CLEAN_SCHEMA.names[2:]}}


def _input_files(path: Path) -> tuple[Path, list[str]]:
    if not path.exists():
        raise ConfigError(f"input {path} does not exist")
    if path.is_file():
        if not path.name.endswith(_SUFFIXES):
            raise ConfigError(
                f"input {path} is not JSONL(.gz/.zst) or Parquet",
                hint="name it *.jsonl[.gz|.zst] or *.parquet",
            )
        return path.parent, [path.name]
    files = sorted(
        str(p.relative_to(path)) for p in path.rglob("*") if p.is_file() and p.name.endswith(_SUFFIXES)
    )
    if not files:
        raise ConfigError(f"no JSONL(.gz/.zst) or Parquet files in {path}")
    return path, files


def _summary(stats: Any) -> dict[str, int]:
    """Counters of the run, by datatrove stat label (read/dropped/kept and the cleaning labels)."""
    out: dict[str, int] = {}
    for step in stats.stats:
        for label, value in step.stats.items():
            if label in CLEAN_STAT_LABELS or label.startswith(("nc/", "sami_repaired_")):
                out[label] = out.get(label, 0) + int(getattr(value, "total", value))
    return dict(sorted(out.items()))


def clean(input_path: Path, output: Path, workers: int = 1, select: bool = False) -> dict[str, int]:
    """Run the cleaning steps over INPUT into OUTPUT (replaced if it exists); the run's counters."""
    root, files = _input_files(input_path)
    if output.exists() and (output.is_file() or any(output.iterdir())):
        if not output.is_dir() or not any(output.glob("*.parquet")):
            raise ConfigError(
                f"output {output} exists and is not a previous clean output", hint="pick a new directory"
            )
        shutil.rmtree(output)
    output.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="norcorpus-clean-"))
    paths_file = logs / "inputs.txt"
    paths_file.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
    pipeline = [
        _CleanInputReader(str(root), SOURCE, paths_file=str(paths_file)),
        *cleaning_steps(FastTextLidTagger()),  # the build's LID
        *(selection_steps() if select else []),
        ParquetWriter(
            str(output),
            output_filename="${rank}.parquet",
            compression="zstd",
            adapter=_row,
            schema=CLEAN_SCHEMA,
            expand_metadata=False,
        ),
    ]
    with quiet_datatrove():
        executor = QuietLocalExecutor(
            pipeline, tasks=len(files), workers=min(workers, len(files)), logging_dir=str(logs / "logs")
        )
        stats = executor.run()
    if executor.get_incomplete_ranks():  # the logs stay for the user to read
        raise ShardError(f"cleaning {input_path} did not finish (see the logs in {logs / 'logs'})")
    shutil.rmtree(logs, ignore_errors=True)
    return _summary(stats)


@app.command("clean")
def clean_command(
    input_path: Path = typer.Argument(
        ..., metavar="INPUT", help="JSONL(.gz/.zst) or Parquet with id and text (file or directory)."
    ),
    output: Path = typer.Argument(..., metavar="OUTPUT", help="Directory for the cleaned Parquet files."),
    workers: int = typer.Option(1, "--workers", min=1, help="Parallel tasks (one per input file)."),
    select: bool = typer.Option(
        False, "--select", help="Also drop documents that fail the quality thresholds."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the run's counters as JSON."),
) -> None:
    """Normalize, repair Sámi legacy encodings, remove boilerplate, tag language, redact PII, tag quality."""
    summary = clean(input_path, output, workers=workers, select=select)
    if as_json:
        typer.echo(json.dumps(summary, indent=2, sort_keys=True))
        return
    read = sum(v for k, v in summary.items() if k.startswith("nc/read/"))
    dropped = sum(v for k, v in summary.items() if k.startswith("nc/dropped/"))
    pii = ", ".join(
        f"{k.removeprefix('pii_')} {v}"
        for k, v in summary.items()
        if k.startswith("pii_") and k != "pii_docs"
    )
    typer.echo(
        f"cleaned {read - dropped} of {read} documents → {output} (dropped {dropped}; PII: {pii or 'none'}; "
        f"boilerplate lines {summary.get('boilerplate_lines', 0)}; Sámi repaired {summary.get('sami_repaired', 0)})"
    )
