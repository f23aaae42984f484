"""`norcorpus diff OLD NEW`: what a new corpus version adds, removes and keeps, per source × language."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from norcorpus.cli.app import app


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., metavar="OLD", help="A finished build, e.g. corpora/V2."),
    new: Path = typer.Argument(..., metavar="NEW", help="A finished build, e.g. corpora/V3."),
    tokenizer: Path | None = typer.Option(None, "--tokenizer", help="Count tokens with DIR/tokenizer.model too."),
    as_json: bool = typer.Option(False, "--json", help="Print the full diff as JSON."),
) -> None:
    """Documents, words (and tokens) added / removed / changed / moved / kept per source × language, matched by
    id and by content hash."""
    from norcorpus.versions.diff import Change, diff_versions  # here: polars costs ~0.2 s to import

    result = diff_versions(old, new, tokenizer)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    unit = "tokens" if tokenizer else "words"
    typer.echo(f"{old} → {new}  (documents / {unit})")
    header = f"{'source':<18}{'lang':<6}" + "".join(f"{c.value:>20}" for c in Change)
    typer.echo(header)
    rows = [(s, lang, ch) for s, langs in sorted(result.by_source_language.items()) for lang, ch in sorted(langs.items())]
    rows.append(("total", "", result.totals()))
    for source, lang, changes in rows:
        cells = []
        for change in Change:
            c = changes.get(change)
            amount = (c.tokens if tokenizer else c.words) if c else 0
            cells.append(f"{(c.documents if c else 0):>9} / {amount or 0:<8}")
        typer.echo(f"{source:<18}{lang:<6}" + "".join(f"{cell:>20}" for cell in cells))
