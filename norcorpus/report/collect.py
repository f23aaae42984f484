"""Every number the dashboard shows, as one JSON-able dict (`norcorpus dashboard --json` prints it).

Counts come from stats.json (what the build accounted: read, kept, dropped by reason, per source × language)
and from the Parquet columns (lengths, LID scores, domains, dedup, tags). The two are cross-checked: the
documents and words per source × language in data/ must equal stats.json's, and the page says so when not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from norcorpus import __version__
from norcorpus.report.builds import CATEGORIES, BuildDir
from norcorpus.report.columns import column_stats
from norcorpus.report.funnel import funnel

NORWEGIAN = ("nob", "nno")


def _sum(table: dict[str, dict[str, dict[str, int]]], metric: str, *, lang: str | None = None) -> int:
    return sum(
        c.get(metric, 0) for langs in table.values() for code, c in langs.items() if lang in (None, code)
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mismatches(stats: dict[str, Any], parquet: dict[str, Any]) -> list[str]:
    problems = []
    keys = {(s, lang) for s, langs in stats.items() for lang in langs} | {
        (s, lang) for s, langs in parquet.items() for lang in langs
    }
    for source, lang in sorted(keys):
        a = stats.get(source, {}).get(lang, {})
        b = parquet.get(source, {}).get(lang, {})
        for metric in ("documents", "words"):
            if a.get(metric, 0) != b.get(metric, 0):
                problems.append(
                    f"{source}/{lang}: {metric} {a.get(metric, 0)} in stats.json but {b.get(metric, 0)} in data/"
                )
    return problems


def _build_summary(build: BuildDir, tokens: dict[str, dict[str, int]] | None) -> dict[str, Any]:
    stats = build.stats
    table: dict[str, dict[str, dict[str, int]]] = {
        source: {lang: dict(c) for lang, c in langs.items()}
        for source, langs in stats["by_source_language"].items()
    }
    if tokens is not None:
        for source, langs in table.items():
            for lang, c in langs.items():
                c["tokens"] = tokens.get(source, {}).get(lang, 0)
    columns = column_stats(build.data_files, build.cluster_files)
    notes = [
        f"data/ disagrees with stats.json: {m}"
        for m in _mismatches(stats["by_source_language"], columns["by_source_language"])
    ]
    sources = {
        name: {"category": build.categories.get(name, "other"), **counts}
        for name, counts in stats["sources"].items()
    }
    return {
        "label": build.label,
        "version": build.version,
        "path": str(build.path),
        "sample": build.sample,
        "norcorpus_version": build.lock.get("norcorpus_version"),
        "config_hash": build.lock.get("config_hash"),
        "skipped_sources": build.lock.get("skipped_sources", []),
        "totals": stats["totals"],
        "sources": sources,
        "by_source_language": table,
        "dropped": stats.get("dropped", {}),
        "funnel": funnel(stats["sources"]),
        "columns": columns,
        "notes": notes,
        "other_stats_keys": sorted(
            set(stats)
            - {"sources", "by_source_language", "languages", "dropped", "totals", "version", "sample"}
        ),
    }


def _metric(builds: list[dict[str, Any]]) -> str:
    # tokens when every count has them (stats.json of a tokenizing build, or --tokenizer); words otherwise
    has_tokens = all(
        "tokens" in c for b in builds for langs in b["by_source_language"].values() for c in langs.values()
    )
    return "tokens" if has_tokens and any(b["by_source_language"] for b in builds) else "words"


def collect(builds: list[BuildDir], tokenizer: Path | None = None) -> dict[str, Any]:
    """The dashboard's data for these builds, in the order given (the page shows them left to right)."""
    encoder = None
    if tokenizer is not None:
        from norcorpus.report.tokens import count_tokens, open_tokenizer  # sentencepiece only when asked

        encoder = open_tokenizer(tokenizer)
    summaries = []
    for build in builds:
        tokens = count_tokens(build.data_files, encoder) if encoder is not None else None
        summaries.append(_build_summary(build, tokens))
    metric = _metric(summaries)
    for s in summaries:
        table = s["by_source_language"]
        total = _sum(table, metric)
        norwegian = sum(_sum(table, metric, lang=lang) for lang in NORWEGIAN)
        s["metric_total"] = total
        s["by_category"] = {
            cat: sum(
                sum(c.get(metric, 0) for c in table.get(src, {}).values())
                for src, info in s["sources"].items()
                if info["category"] == cat
            )
            for cat in CATEGORIES
        }
        s["shares"] = {
            "nno_of_norwegian": _share(_sum(table, metric, lang="nno"), norwegian),
            "sme_of_total": _share(_sum(table, metric, lang="sme"), total),
        }
    return {
        "generated_by": f"norcorpus {__version__}",
        "metric": metric,
        "tokenizer": None
        if encoder is None
        else {"name": encoder.name, "engine": encoder.engine, "vocab_size": encoder.vocab_size()},
        "builds": summaries,
    }
