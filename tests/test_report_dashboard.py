"""`norcorpus dashboard`: the numbers it collects (against stats.json and the Parquet files), the page, errors.

The browser test is tests/test_report_browser.py; both use the sample builds made once per session here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
import sentencepiece as spm

from norcorpus.cli import main
from norcorpus.report import collect, open_builds, render_dashboard
from norcorpus.versions.build import BuildOptions, build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.executors import ExecutionConfig
from norcorpus.versions.manifest import load_manifest

SAMPLE_VERSIONS = ("V1", "V3")  # first and last: enough for "over versions", and half the build time of three


def build_samples(out: Path) -> Path:
    """V1 and V3 sample builds under `out` (a re-run finds them up to date in well under a second)."""
    for version in SAMPLE_VERSIONS:
        options = BuildOptions(out=out, sample=True, execution=ExecutionConfig(workers=2))
        build(load_manifest(resolve_manifest(version)), options)
    return out


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_samples(tmp_path_factory.getbasetemp() / "sample_builds")


@pytest.fixture(scope="session")
def data(sample_out: Path) -> dict:
    return collect(open_builds([sample_out]))


def _stats(sample_out: Path, version: str) -> dict:
    return json.loads((sample_out / version / "stats.json").read_text())


def test_output_root_expands_to_its_versions_in_order(sample_out: Path) -> None:
    builds = open_builds([sample_out])
    assert [b.label for b in builds] == list(SAMPLE_VERSIONS)
    # naming a build twice shows it once
    assert [b.label for b in open_builds([sample_out / "V3", sample_out / "V3"])] == ["V3"]


def test_counts_agree_with_stats_json_and_the_parquet_files(sample_out: Path, data: dict) -> None:
    assert data["metric"] == "words"  # no tokenizer given and stats.json has no tokens yet
    for b in data["builds"]:
        stats = _stats(sample_out, b["version"])
        assert b["totals"] == stats["totals"]
        assert b["notes"] == []  # data/ and stats.json agree on documents and words per source × language
        frame = pl.read_parquet(
            sample_out / b["version"] / "data" / "**" / "*.parquet", hive_partitioning=False
        )
        assert b["columns"]["documents"] == frame.height == stats["totals"]["kept"]
        words = sum(len(t.split()) for t in frame["text"].to_list())
        assert (
            sum(
                b["columns"]["length_hist"]["counts"][lang][i]
                for lang in b["columns"]["length_hist"]["counts"]
                for i in range(len(b["columns"]["length_hist"]["labels"]))
            )
            == frame.height
        )
        assert b["metric_total"] == words == stats["totals"]["words"]
        # LID score histogram: every kept document with a score, in its language's row
        for lang, counts in b["columns"]["lid_hist"]["counts"].items():
            assert (
                sum(counts)
                == frame.filter(pl.col("lang").cast(pl.String) == lang)["lang_score"].drop_nulls().len()
            )


def test_category_table_and_shares(sample_out: Path, data: dict) -> None:
    for b in data["builds"]:
        stats = _stats(sample_out, b["version"])
        lock = json.loads((sample_out / b["version"] / "manifest.lock.json").read_text())
        category = {s["name"]: s["category"] for s in lock["manifest"]["sources"]}
        expected: dict[str, int] = {}
        for source, langs in stats["by_source_language"].items():
            expected[category[source]] = expected.get(category[source], 0) + sum(
                c["words"] for c in langs.values()
            )
        assert {k: v for k, v in b["by_category"].items() if v} == {k: v for k, v in expected.items() if v}
        lang = stats["languages"]
        nob, nno, sme = (lang.get(code, {}).get("words", 0) for code in ("nob", "nno", "sme"))
        assert b["shares"]["nno_of_norwegian"] == pytest.approx(nno / (nob + nno))
        assert b["shares"]["sme_of_total"] == pytest.approx(sme / stats["totals"]["words"])
    v1, v3 = data["builds"]
    assert v1["shares"]["sme_of_total"] == 0 < v3["shares"]["sme_of_total"]  # V1 had no Sámi source


def test_funnel_removes_each_drop_once_and_ends_at_kept(sample_out: Path, data: dict) -> None:
    for b in data["builds"]:
        stats = _stats(sample_out, b["version"])
        rows = b["funnel"]
        assert rows[0] == {"step": "read", "removed": {}, "left": stats["totals"]["read"]}
        assert rows[-1]["left"] == stats["totals"]["kept"]
        removed: dict[str, int] = {}
        for before, after in zip(rows, rows[1:], strict=False):
            assert before["left"] - after["left"] == sum(after["removed"].values())
            for reason, n in after["removed"].items():
                removed[reason] = removed.get(reason, 0) + n
        assert removed == stats["dropped"]


def test_dedup_and_domains_from_the_columns(sample_out: Path, data: dict) -> None:
    v3 = data["builds"][-1]
    clusters = pl.read_parquet(sample_out / "V3" / "clusters" / "*.parquet")
    sizes = clusters.group_by("cluster_id").len()
    assert v3["columns"]["clusters"]["clusters"] == sizes.height
    assert v3["columns"]["clusters"]["documents"] == clusters.height
    frame = pl.read_parquet(sample_out / "V3" / "data" / "**" / "*.parquet", hive_partitioning=False)
    assert v3["columns"]["exact_duplicates"]["copies_removed"] == frame["duplicate_count"].fill_null(0).sum()
    urls = [u for u in frame["url"].to_list() if u]
    assert v3["columns"]["domains"]["with_url"] == len(urls)
    top = v3["columns"]["domains"]["top"][0]
    hosts = [re.sub(r"^www\.", "", u.split("/")[2].lower()) for u in urls]
    assert top["documents"] == max(hosts.count(h) for h in hosts) and top["domain"] in hosts
    # the cleaning and LID tags of the build are found by their columns
    assert v3["columns"]["tags"] == {"pii": ["pii"], "quality": ["quality"], "lid_paragraphs": ["lang_paragraphs"]}
    pii = {(c["column"], c["lang"]): c["count"] for c in v3["columns"]["pii"]["counts"]}
    frame_pii = frame.select(pl.col("pii").struct.field("email")).to_series().fill_null(0).sum()
    assert sum(n for (column, _), n in pii.items() if column == "pii.email") == frame_pii


def test_page_is_self_contained_and_deterministic(data: dict) -> None:
    page = render_dashboard(data)
    assert page == render_dashboard(data)
    # no external resource: no src/href to anything, no URL in a <script src>, <link> or @import
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "@import" not in page
    ids = re.findall(r"""\sid=["']([^"']+)["']""", page)
    assert len(ids) == len(set(ids))  # a chart id shared with a heading would draw the chart into the heading
    embedded = re.search(r'<script type="application/json" id="norcorpus-data">(.*?)</script>', page, re.S)
    assert json.loads(embedded.group(1)) == json.loads(json.dumps(data))
    # the Table 2 row of V3: category totals as the numbers collected
    v3 = data["builds"][-1]
    assert "<td>V3</td>" in page and f'<td class="n">{v3["metric_total"]:,}</td>' in page
    assert "PII counts: columns pii" in page


def test_tokenizer_counts_tokens_from_the_text(sample_out: Path, tmp_path: Path) -> None:
    frame = pl.read_parquet(sample_out / "V3" / "data" / "**" / "*.parquet", hive_partitioning=False)
    texts = frame["text"].to_list()
    model = tmp_path / "tok"
    model.mkdir()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts),
        model_prefix=str(model / "tokenizer"),
        vocab_size=300,
        model_type="bpe",
        character_coverage=1.0,
        num_threads=1,
        minloglevel=2,
    )
    result = collect(open_builds([sample_out / "V3"]), tokenizer=model)
    assert result["metric"] == "tokens" and result["tokenizer"]["vocab_size"] == 300
    sp = spm.SentencePieceProcessor(model_file=str(model / "tokenizer.model"))
    expected: dict[tuple[str, str], int] = {}
    for row in frame.select(
        pl.col("source").cast(pl.String), pl.col("lang").cast(pl.String), "text"
    ).iter_rows():
        expected[(row[0], row[1])] = expected.get((row[0], row[1]), 0) + len(sp.encode(row[2]))
    got = {
        (s, lang): c["tokens"]
        for s, langs in result["builds"][0]["by_source_language"].items()
        for lang, c in langs.items()
    }
    assert got == expected
    assert result["builds"][0]["metric_total"] == sum(expected.values())


def test_cli_writes_the_page_and_json(
    sample_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "dash.html"
    with pytest.raises(SystemExit) as exit_info:
        main(["dashboard", str(sample_out / "V1"), str(sample_out / "V3"), "--out", str(out), "--json"])
    assert exit_info.value.code in (None, 0)
    printed = json.loads(capsys.readouterr().out)
    assert [b["label"] for b in printed["builds"]] == ["V1", "V3"]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".dash.html.*"))  # the temporary file was renamed, not left behind


@pytest.mark.parametrize("case", ["missing", "not_a_build", "incomplete", "bad_stats"])
def test_bad_build_dirs_are_one_line_errors(
    case: str, sample_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    target = tmp_path / "V3"
    if case == "not_a_build":
        target.mkdir()
    elif case in ("incomplete", "bad_stats"):
        target.mkdir()
        shutil.copy(sample_out / "V3" / "stats.json", target)
        if case == "bad_stats":
            shutil.copy(sample_out / "V3" / "manifest.lock.json", target)
            (target / "stats.json").write_text("{not json")
    with pytest.raises(SystemExit) as exit_info:
        main(["dashboard", str(target), "--out", str(tmp_path / "d.html")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR: ") and "Traceback" not in err and len(err.strip().splitlines()) == 2
    assert not (tmp_path / "d.html").exists()
