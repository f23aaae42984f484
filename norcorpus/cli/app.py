"""The typer application; command modules register themselves on it."""

from __future__ import annotations

import typer

from norcorpus import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"norcorpus {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="norcorpus",
    help="Build Norwegian (Bokmål, Nynorsk) and North Sámi LLM pretraining corpora.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Build Norwegian (Bokmål, Nynorsk) and North Sámi LLM pretraining corpora."""
