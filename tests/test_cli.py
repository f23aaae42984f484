"""The CLI: every command has help and is in the README; user errors are one ERROR line and a hint."""

from __future__ import annotations

import re

import click
import pytest
import typer

from norcorpus.cli import app, main
from tests.conftest import REPO


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names += _commands(command, full + " ")
        else:
            names.append(full)
    return names


COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands() -> None:
    assert "build" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command.split(), "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Usage:" in out and len(out.strip().splitlines()) > 3
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"norcorpus {re.escape(command)}\b", readme), f"`norcorpus {command}` is not in README.md"


def test_config_error_is_one_line_and_a_hint(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text("version: X\nsources:\n  - name: a\n    format: mc5\n    paths: [x]\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(bad), "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert err[0].startswith("ERROR: ") and "sources.0.format" in err[0]
    assert err[1].startswith("hint: ")


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("norcorpus ")
