"""`norcorpus build`: build a corpus version from its manifest."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from norcorpus.cli.app import app
from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.executors import ExecutionConfig, ExecutorKind
from norcorpus.versions.manifest import load_manifest


@app.command("build")
def build_command(
    version: str = typer.Argument(..., metavar="VERSION|MANIFEST.yaml", help="V1, V2, V3 or a manifest file."),
    sample: bool = typer.Option(False, "--sample", help="Read the embedded sample shards instead of the real data."),
    out: Path = typer.Option(Path("corpora"), "--out", help="Output root; the build goes to OUT/<version>/."),
    executor: ExecutorKind = typer.Option(ExecutorKind.LOCAL, "--executor", help="Run tasks locally or on Ray."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Parallel tasks (default: CPU cores)."),
    ray_address: str | None = typer.Option(
        None, "--ray-address", help="Join this Ray cluster (or RAY_ADDRESS; default: start a new local one)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print stats.json to stdout when done."),
) -> None:
    """Build a corpus version: Parquet under OUT/<version>/data, stats.json and manifest.lock.json."""
    manifest = load_manifest(resolve_manifest(version))
    options = BuildOptions(
        out=out,
        sample=sample,
        execution=ExecutionConfig(executor=executor, workers=workers, ray_address=ray_address),
    )
    result = build(manifest, options)
    if as_json:
        typer.echo(json.dumps(result.stats, indent=2, sort_keys=True, ensure_ascii=False))
        return
    totals = result.stats["totals"]
    state = "up to date" if result.up_to_date else "built"
    typer.echo(
        f"{manifest.version} {state}: {totals['kept']} of {totals['read']} documents kept "
        f"({totals['dropped']} dropped), {totals['words']} words → {result.version_dir}"
    )
    for name, counts in result.stats["sources"].items():
        drops = ", ".join(f"{reason} {n}" for reason, n in counts["dropped"].items()) or "none"
        langs = ", ".join(
            f"{lang} {c['documents']}" for lang, c in result.stats["by_source_language"][name].items()
        )
        typer.echo(f"  {name:<16} read {counts['read']:>6}  kept {counts['kept']:>6}  dropped: {drops}  [{langs}]")
