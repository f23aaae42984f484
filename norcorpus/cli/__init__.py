"""`norcorpus` command line: thin commands that parse options into typed configs and call the library.

Errors that are the user's to fix (NorcorpusError) print as one `ERROR:` line plus a `hint:` line and exit
with status 1 (2 for configuration errors); nothing else is caught, so bugs keep their traceback.
"""

from __future__ import annotations

import gc
import sys

import typer

from norcorpus.cli import build as _build  # noqa: F401  (registers `build`)
from norcorpus.cli import clean as _clean  # noqa: F401  (registers `clean`)
from norcorpus.cli import dashboard as _dashboard  # noqa: F401  (registers `dashboard`)
from norcorpus.cli import dedup as _dedup  # noqa: F401  (registers `dedup`)
from norcorpus.cli import pack as _pack  # noqa: F401  (registers `pack`)
from norcorpus.cli import diff as _diff  # noqa: F401  (registers `diff`)
from norcorpus.cli import publish as _publish  # noqa: F401  (registers `publish`)
from norcorpus.cli.app import app
from norcorpus.cli.lid import lid_app
from norcorpus.cli.tokenizer import tokenizer_app
from norcorpus.cli.train import train_app
from norcorpus.errors import ConfigError, NorcorpusError

app.add_typer(lid_app, name="lid")

app.add_typer(tokenizer_app, name="tokenizer")
app.add_typer(train_app, name="train")


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, prog_name="norcorpus")
    except NorcorpusError as exc:
        typer.echo(f"ERROR: {exc}", err=True)
        if exc.hint:
            typer.echo(f"hint: {exc.hint}", err=True)
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
    except KeyboardInterrupt:
        typer.echo("ERROR: interrupted; run the same command again to resume", err=True)
        sys.exit(130)


def entry() -> None:
    """The `norcorpus` console script: `main`, then an exit without the interpreter's final collections.

    At exit CPython walks every object still alive for cycles (~0.1 s after a build: numpy, pyarrow,
    datatrove and the character tables); freezing them first skips that. Files are closed and outputs
    written by then (atomic writes, context managers). Tests call `main`, whose process goes on.
    """
    try:
        main()
    finally:
        gc.freeze()


__all__ = ["app", "entry", "main"]
