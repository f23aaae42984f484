"""`norcorpus dedup INPUT OUTPUT`: exact and near-duplicate removal (MinHash LSH + true-Jaccard check)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from norcorpus.cli.app import app
from norcorpus.dedup.config import MinhashConfig
from norcorpus.dedup.run import dedup_files
from norcorpus.versions.executors import ExecutionConfig, ExecutorKind


@app.command("dedup")
def dedup_command(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="JSONL(.gz/.zst) or Parquet file or folder; records need `id` and `text`."),
    output: Path = typer.Argument(..., metavar="OUTPUT", help="Output folder: documents/*.jsonl.gz (kept) and clusters.parquet."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.01, max=1.0, help="Jaccard of word 5-gram sets that makes two documents near-duplicates."),
    executor: ExecutorKind = typer.Option(ExecutorKind.LOCAL, "--executor", help="Run tasks locally or on Ray."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Parallel tasks (default: CPU cores)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Keep one document of each group of (near-)duplicates; clusters.parquet maps every input id to the id
    of its kept representative (its own id when kept)."""
    config = MinhashConfig(threshold=threshold)
    result = dedup_files(input_path, output, config, ExecutionConfig(executor=executor, workers=workers))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
        return
    typer.echo(
        f"{result.kept} of {result.documents} documents kept, {result.removed} removed "
        f"({result.clusters} clusters) → {result.output}"
    )
