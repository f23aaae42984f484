"""`norcorpus lid predict|eval|train` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from norcorpus.cli import main

NOB = "Jeg har dessverre ikke tid til å hjelpe deg i dag, men kanskje kan vi møtes i morgen etter jobben."
SME = "Mun in leat goassege ovdal leamaš Kárášjogas, muhto dál áiggun mannat doppe čakčat iežan olbmáin."
NNO = "Eg har diverre ikkje tid til å hjelpe deg i dag, men kanskje kan vi møtast i morgon etter arbeidet."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_predict_one_output_line_per_input_line(tmp_path, capsys):
    lines = [NOB, "", SME, "   ", NNO, "ok"]
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "lid", "predict", str(path))
    assert code == 0
    rows = out.splitlines()
    assert len(rows) == len(lines)
    labels = [r.split("\t")[0] for r in rows]
    assert labels[:5] == ["nob", "und", "sme", "und", "nno"]
    assert rows[1] == "und\t0.0000"
    for row in rows:
        label, score = row.split("\t")
        assert 0.0 <= float(score) <= 1.0


def test_predict_reads_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SME}\n\n"))
    code, out, _ = run(capsys, "lid", "predict", "-")
    assert code == 0
    assert [r.split("\t")[0] for r in out.splitlines()] == ["sme", "und"]


def test_eval_json_report(tmp_path, capsys):
    path = tmp_path / "gold.tsv"
    path.write_text(f"nob\t{NOB}\nsme\t{SME}\nnno\t{NNO}\nnno\t{NOB}\n", encoding="utf-8")
    code, out, _ = run(capsys, "lid", "eval", str(path), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["rows"] == 4
    assert report["per_label"]["sme"]["f1"] == 1.0
    assert report["per_label"]["nno"]["recall"] == 0.5
    assert report["confusion"]["nno"] == {"nno": 1, "nob": 1}
    code, out, _ = run(capsys, "lid", "eval", str(path))
    assert code == 0 and "confusion" in out and "nob" in out


def test_user_mistakes_are_one_line_errors(tmp_path, capsys):
    code, _, err = run(capsys, "lid", "predict", str(tmp_path / "missing.txt"))
    assert code == 2 and err.startswith("ERROR:") and "Traceback" not in err
    code, _, err = run(capsys, "lid", "predict", "--label-map", "nonsense", str(tmp_path))
    assert code == 2 and "label-map" in err
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n")
    code, _, err = run(capsys, "lid", "eval", str(bad))
    assert code == 2 and "tab" in err


@pytest.mark.parametrize("command", [["lid"], ["lid", "train"], ["lid", "predict"], ["lid", "eval"]])
def test_help(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0 and "Usage" in out
