"""`norcorpus clean INPUT OUTPUT` on JSONL(.gz/.zst) and Parquet, through the build's cleaning steps."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from typer.testing import CliRunner

from norcorpus.cli.app import app
from norcorpus.cli.clean import CLEAN_SCHEMA, clean
from norcorpus.errors import ConfigError

ROWS = [
    {
        "id": "nob-1",
        "text": "Ring meg på 912 34 567 eller skriv til ola@nav.no.\r\nVi mÃ¸tes i morgen\u200b klokka ti, og jeg "
        "tar med noe å spise til oss begge.",
    },
    {
        "id": "sme-1",
        "text": "Sámediggi lea vuoððudan ráððe mii galgá ovddidit sámi gielaid ja kultuvrra Norggas.",
    },
    {"id": 7, "text": "Kontonummeret er 8601.11.17947, og fødselsnummeret 010101 01006 skal ikke stå her."},
    {"id": "blank", "text": "   "},
    {"text": "mangler id"},
]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    """Plain, .gz or .zst by the file name; the last line is not JSON."""
    data = ("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "ikke json\n").encode()
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz", "jsonl.zst", "parquet"])
def test_clean_formats(kind: str, tmp_path: Path) -> None:
    src = tmp_path / f"in.{kind}"
    if kind == "parquet":
        pq.write_table(pa.Table.from_pylist([r for r in ROWS if "id" in r and isinstance(r["id"], str)]), src)
    else:
        _write_jsonl(src, ROWS)
    summary = clean(src, tmp_path / "out")
    table = pq.read_table(tmp_path / "out")
    assert table.schema.names == CLEAN_SCHEMA.names
    rows = {r["id"]: r for r in table.to_pylist()}
    nob = rows["nob-1"]
    assert nob["text"] == (
        "Ring meg på <PHONE> eller skriv til <EMAIL>.\nVi møtes i morgen klokka ti, og jeg tar med noe å spise til oss "
        "begge."
    )
    assert nob["pii"] == {"email": 1, "phone": 1, "fnr": 0, "account": 0, "ip": 0} and nob["mojibake_fixed"]
    assert nob["lang"] == "nob" and nob["quality"]["words"] > 5
    sme = rows["sme-1"]
    assert (
        sme["text"].startswith("Sámediggi lea vuođđudan ráđđe") and sme["sami_repair"] == "winsam_as_cp1252"
    )
    assert sme["lang"] == "sme"
    assert summary["nc/dropped/input/empty"] == 1
    assert summary["pii_email"] == 1 and summary["pii_phone"] == 1
    if kind != "parquet":
        assert rows["7"]["text"] == "Kontonummeret er <ACCOUNT>, og fødselsnummeret <FNR> skal ikke stå her."
        assert summary["pii_account"] == 1 and summary["pii_fnr"] == 1
        assert summary["nc/dropped/input/malformed"] == 2  # no id, not JSON


def test_cli_json_and_select(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, ROWS)
    result = CliRunner().invoke(app, ["clean", str(src), str(tmp_path / "out"), "--json", "--select"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    # every document is far too short for the quality thresholds
    assert pq.read_table(tmp_path / "out").num_rows == 0
    assert summary["nc/dropped/input/gopher_short_doc"] + summary.get("nc/dropped/input/lang_score", 0) == 3


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        clean(tmp_path / "missing.jsonl", tmp_path / "out")
    (tmp_path / "data.csv").write_text("id,text\n")
    with pytest.raises(ConfigError, match="not JSONL"):
        clean(tmp_path / "data.csv", tmp_path / "out")
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, ROWS)
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="not a previous clean output"):
        clean(src, tmp_path / "taken")
