"""`norcorpus dashboard`: one self-contained HTML page of a build's statistics, or of several side by side."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from norcorpus.atomic import write_text_atomic
from norcorpus.cli.app import app
from norcorpus.errors import ConfigError


@app.command("dashboard")
def dashboard_command(
    builds: list[Path] = typer.Argument(
        ..., metavar="BUILD_DIR...", help="OUT/<version>/ build directories (or OUT/ for all its versions)."
    ),
    out: Path = typer.Option(Path("dashboard.html"), "--out", help="The HTML file to write."),
    tokenizer: Path | None = typer.Option(
        None,
        "--tokenizer",
        help="Count tokens with this tokenizer (dir with tokenizer.model or tokenizer.json).",
    ),
    serve: bool = typer.Option(False, "--serve", help="Also serve the page on localhost until Ctrl-C."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to serve on (with --serve)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to serve on (0: any free port)."),
    as_json: bool = typer.Option(False, "--json", help="Print the dashboard's data as JSON to stdout."),
) -> None:
    """Write an offline HTML dashboard: tokens per source/language/version, drops, lengths, LID scores, dedup."""
    from norcorpus.report import collect, open_builds, render_dashboard, serve_html

    found = open_builds(builds)
    data = collect(found, tokenizer=tokenizer)
    page = render_dashboard(data)
    write_text_atomic(out, page)
    if as_json:
        typer.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        typer.echo(f"dashboard of {', '.join(b.label for b in found)} ({data['metric']}) → {out}")
    if serve:
        try:
            server = serve_html(page, host, port)
        except OSError as exc:
            raise ConfigError(
                f"cannot serve on {host}:{port}: {exc.strerror or exc}", hint="try another --port"
            ) from None
        typer.echo(f"serving on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", err=as_json)
        try:
            server.serve_forever()
        finally:
            server.server_close()
