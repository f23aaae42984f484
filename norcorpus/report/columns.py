"""Statistics from the Parquet columns of a build, aggregated by polars without collecting the text.

Every query is a group-by over a lazy scan of `data/**/*.parquet` (run together by `pl.collect_all`, which
shares the scan), so a real build is read column by column and only small tables come back. Optional tags
(PII counts, quality signals, paragraph language labels) are looked up by column name: they are summarised
when the columns exist and listed as absent when they do not.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl

# Document length bins in whitespace words (words as stats.json counts them): a 1-2-5 series.
LENGTH_EDGES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000]
LID_BINS = 20  # lang_score in [0, 1], bins of 0.05
TOP_DOMAINS = 20

# Column-name prefixes of the tags later steps will add (DESIGN: tag first, decide later).
TAG_PREFIXES = {
    "pii": ("pii",),
    "quality": ("quality", "q_", "gopher_", "c4_", "fineweb_"),
    "lid_paragraphs": ("lang_paragraphs", "lid_paragraph", "paragraph_lang", "para_lang"),
}

_HOST = r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^@/]*@)?([^/:?#]+)"


def length_labels() -> list[str]:
    labels = ["0"]
    for lo, hi in zip(LENGTH_EDGES, LENGTH_EDGES[1:], strict=False):
        labels.append(str(lo) if hi - 1 == lo else f"{lo}–{hi - 1}")
    labels.append(f"≥{LENGTH_EDGES[-1]}")
    return labels


def lid_labels() -> list[str]:
    return [f"{i / LID_BINS:.2f}–{(i + 1) / LID_BINS:.2f}" for i in range(LID_BINS)]


def _length_bin(words: pl.Expr) -> pl.Expr:
    # index into length_labels(): 0 for no words, k for LENGTH_EDGES[k-1] <= words < LENGTH_EDGES[k]
    expr = pl.lit(0, dtype=pl.Int32)
    for i, edge in enumerate(LENGTH_EDGES, start=1):
        expr = pl.when(words >= edge).then(pl.lit(i, dtype=pl.Int32)).otherwise(expr)
    return expr


def _tag_columns(schema: pl.Schema) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag, prefixes in TAG_PREFIXES.items():
        found[tag] = [name for name in schema.names() if name.lower().startswith(prefixes)]
    return found


def _count_expr(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """A per-document count for a PII column: numbers as they are, lists by length, booleans as 0/1."""
    col = pl.col(name)
    if dtype.is_numeric():
        return col.fill_null(0).cast(pl.Int64)
    if dtype == pl.Boolean:
        return col.fill_null(False).cast(pl.Int64)
    if isinstance(dtype, pl.List):
        return col.list.len().fill_null(0).cast(pl.Int64)
    return None


def _pii_queries(
    lf: pl.LazyFrame, schema: pl.Schema, columns: list[str]
) -> tuple[list[str], list[pl.LazyFrame]]:
    names, queries = [], []
    for name in columns:
        dtype = schema[name]
        if isinstance(dtype, pl.Struct):  # e.g. one count per PII kind
            fields = [(f"{name}.{f.name}", pl.col(name).struct.field(f.name), f.dtype) for f in dtype.fields]
        else:
            fields = [(name, pl.col(name), dtype)]
        for label, expr, ftype in fields:
            count = _count_expr("_v", ftype)
            if count is None:
                continue
            names.append(label)
            queries.append(
                lf.select(pl.col("lang"), expr.alias("_v"))
                .group_by("lang")
                .agg(count.sum().alias("count"), (count > 0).sum().alias("documents"))
            )
    return names, queries


def _source_pii(lf: pl.LazyFrame, schema: pl.Schema) -> pl.LazyFrame | None:
    # HPLT v2 ships its own PII spans; shown apart from norcorpus's own PII tags, which are not there yet.
    hplt = schema.get("hplt_v2")
    if not isinstance(hplt, pl.Struct) or "pii" not in {f.name for f in hplt.fields}:
        return None
    spans = pl.col("hplt_v2").struct.field("pii").list.len().fill_null(0)
    return (
        lf.filter(pl.col("hplt_v2").is_not_null())
        .group_by("lang")
        .agg(
            pl.len().alias("hplt_v2_documents"),
            spans.sum().alias("count"),
            (spans > 0).sum().alias("documents"),
        )
    )


def _numeric_summary(lf: pl.LazyFrame, name: str) -> pl.LazyFrame:
    col = pl.col(name).cast(pl.Float64)
    return lf.group_by("lang").agg(
        col.count().alias("n"),
        col.mean().alias("mean"),
        col.quantile(0.05).alias("p5"),
        col.median().alias("p50"),
        col.quantile(0.95).alias("p95"),
    )


def _rows(df: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in df.sort(df.columns).iter_rows(named=True)
    ]


def empty_column_stats() -> dict[str, Any]:
    return {
        "documents": 0,
        "by_source_language": {},
        "length_hist": {"labels": length_labels(), "counts": {}},
        "lid_hist": {"labels": lid_labels(), "counts": {}, "unscored": {}},
        "domains": {"with_url": 0, "distinct": 0, "top": []},
        "exact_duplicates": {"copies_removed": 0, "documents_with_copies": 0},
        "clusters": {"sizes": [], "clusters": 0, "documents": 0},
        "pii": {"columns": [], "counts": [], "source_provided": []},
        "quality": {"columns": [], "summary": {}},
        "tags": {tag: [] for tag in TAG_PREFIXES},
    }


def column_stats(files: list[Path], cluster_files: list[Path]) -> dict[str, Any]:
    """Per-build numbers from the Parquet columns (see the module docstring)."""
    out = empty_column_stats()
    if cluster_files:
        out["clusters"] = _cluster_sizes(pl.scan_parquet([str(f) for f in cluster_files]))
    if not files:
        return out
    # The files store source/lang as dictionary columns (the hive keys too); read them from the files.
    scan = pl.scan_parquet([str(f) for f in files], hive_partitioning=False)
    schema = scan.collect_schema()
    lf = scan.with_columns(pl.col("source").cast(pl.String), pl.col("lang").cast(pl.String))
    words = pl.col("text").str.count_matches(r"\S+")

    tags = _tag_columns(schema)
    queries: dict[str, pl.LazyFrame] = {
        "counts": lf.group_by("source", "lang").agg(
            pl.len().alias("documents"),
            words.sum().alias("words"),
            pl.col("text").str.len_bytes().sum().alias("bytes"),
        ),
        "length": lf.group_by("lang", _length_bin(words).alias("bin")).agg(pl.len().alias("n")),
        "lid": lf.filter(pl.col("lang_score").is_not_null())
        .group_by(
            "lang",
            (pl.col("lang_score") * LID_BINS).floor().clip(0, LID_BINS - 1).cast(pl.Int32).alias("bin"),
        )
        .agg(pl.len().alias("n")),
        "unscored": lf.filter(pl.col("lang_score").is_null()).group_by("lang").agg(pl.len().alias("n")),
        "domains": lf.select(
            pl.col("url").str.extract(_HOST, 1).str.to_lowercase().str.replace(r"^www\.", "").alias("domain"),
            words.alias("words"),
        )
        .drop_nulls("domain")
        .group_by("domain")
        .agg(pl.len().alias("documents"), pl.col("words").sum().alias("words")),
        "exact": lf.select(
            pl.col("duplicate_count").fill_null(0).sum().alias("copies_removed"),
            (pl.col("duplicate_count").fill_null(0) > 0).sum().alias("documents_with_copies"),
        ),
    }
    if not cluster_files and "cluster_id" in schema.names():
        # no cluster table: the kept documents' own cluster columns still give the sizes of kept clusters
        queries["clusters"] = lf.select("cluster_id", "cluster_size").unique("cluster_id")
    pii_names, pii_queries = _pii_queries(lf, schema, tags["pii"])
    for i, q in enumerate(pii_queries):
        queries[f"pii{i}"] = q
    source_pii = _source_pii(lf, schema)
    if source_pii is not None:
        queries["source_pii"] = source_pii
    quality_numeric = [n for n in tags["quality"] if schema[n].is_numeric()]
    for name in quality_numeric:
        queries[f"quality:{name}"] = _numeric_summary(lf, name)

    results = dict(zip(queries, pl.collect_all(list(queries.values())), strict=True))

    counts = results["counts"]
    out["documents"] = int(counts["documents"].sum())
    for row in counts.sort("source", "lang").iter_rows(named=True):
        out["by_source_language"].setdefault(row["source"], {})[row["lang"]] = {
            "documents": row["documents"],
            "words": row["words"],
            "bytes": row["bytes"],
        }
    for row in results["length"].sort("lang", "bin").iter_rows(named=True):
        hist = out["length_hist"]["counts"].setdefault(row["lang"], [0] * len(out["length_hist"]["labels"]))
        hist[row["bin"]] = row["n"]
    for row in results["lid"].sort("lang", "bin").iter_rows(named=True):
        hist = out["lid_hist"]["counts"].setdefault(row["lang"], [0] * LID_BINS)
        hist[row["bin"]] = row["n"]
    out["lid_hist"]["unscored"] = {
        r["lang"]: r["n"] for r in results["unscored"].sort("lang").iter_rows(named=True)
    }

    domains = results["domains"]
    out["domains"] = {
        "with_url": int(domains["documents"].sum()),
        "distinct": domains.height,
        "top": domains.sort(["documents", "domain"], descending=[True, False]).head(TOP_DOMAINS).to_dicts(),
    }
    exact = results["exact"].row(0, named=True)
    out["exact_duplicates"] = {k: int(v or 0) for k, v in exact.items()}
    if "clusters" in results:
        sizes = results["clusters"].group_by("cluster_size").agg(pl.len().alias("clusters"))
        out["clusters"] = _size_table(sizes.rename({"cluster_size": "size"}))
        out["clusters"]["from"] = "data"

    out["pii"] = {
        "columns": tags["pii"],
        "counts": [
            {"column": name, **row} for i, name in enumerate(pii_names) for row in _rows(results[f"pii{i}"])
        ],
        "source_provided": _rows(results["source_pii"]) if "source_pii" in results else [],
    }
    out["quality"] = {
        "columns": tags["quality"],
        "summary": {name: _rows(results[f"quality:{name}"]) for name in quality_numeric},
    }
    out["tags"] = tags
    return out


def _size_table(sizes: pl.DataFrame) -> dict[str, Any]:
    rows = sizes.sort("size").to_dicts()
    return {
        "sizes": [{"size": int(r["size"]), "clusters": int(r["clusters"])} for r in rows],
        "clusters": int(sum(r["clusters"] for r in rows)),
        "documents": int(sum(r["size"] * r["clusters"] for r in rows)),
    }


def _cluster_sizes(lf: pl.LazyFrame) -> dict[str, Any]:
    """Cluster table (`clusters/*.parquet`: id, cluster_id for every document read): members per cluster."""
    sizes = (
        lf.group_by("cluster_id").agg(pl.len().alias("size")).group_by("size").agg(pl.len().alias("clusters"))
    )
    table = _size_table(sizes.collect())
    table["from"] = "clusters"
    return table
