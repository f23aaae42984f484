"""`norcorpus publish OUT/V3 --repo ORG/NAME`: upload a build to the Hugging Face Hub with a dataset card."""

from __future__ import annotations

from pathlib import Path

import typer

from norcorpus.cli.app import app
from norcorpus.versions.publish import CARD, publish


@app.command("publish")
def publish_command(
    build_dir: Path = typer.Argument(..., metavar="BUILD_DIR", help="A finished build, e.g. corpora/V3."),
    repo: str = typer.Option(..., "--repo", help="Dataset repository ORG/NAME on the Hub."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write the card and list the files; upload nothing."),
    public: bool = typer.Option(False, "--public", help="Create the repository public (default: private)."),
) -> None:
    """Write BUILD_DIR/README.md (a dataset card from stats.json) and upload the corpus to the Hub."""
    files = publish(build_dir, repo, dry_run=dry_run, private=not public)
    total = sum(f.size for f in files)
    verb = "would upload" if dry_run else "uploaded"
    for f in files:
        typer.echo(f"{f.size:>12,}  {f.path}")
    typer.echo(f"{verb} {len(files)} files ({total:,} bytes) to datasets/{repo}; card: {build_dir / CARD}")
