"""Compare two builds: documents and words added, removed, changed and kept per source × language.

Documents are matched by id first. An id on both sides is `kept` when its text is the same and `changed`
otherwise. An id on one side only is `added` or `removed`, unless the same text exists on the other side under
another id (dedup chose another copy, or a source was renamed): that is `moved`, which is not new content.
Texts are compared through a 128-bit key (two seeded 64-bit hashes), so only ids, keys and counts are held in
memory, and the comparison is a polars join, not a Python loop.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import polars as pl

from norcorpus.errors import ConfigError


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"
    KEPT = "kept"


@dataclass
class Counts:
    documents: int = 0
    words: int = 0
    tokens: int | None = None

    def add(self, documents: int, words: int, tokens: int | None) -> None:
        self.documents += documents
        self.words += words
        if tokens is not None:
            self.tokens = (self.tokens or 0) + tokens


@dataclass
class VersionDiff:
    old: str
    new: str
    by_source_language: dict[str, dict[str, dict[Change, Counts]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(Counts)))
    )

    def totals(self) -> dict[Change, Counts]:
        out: dict[Change, Counts] = defaultdict(Counts)
        for langs in self.by_source_language.values():
            for changes in langs.values():
                for change, c in changes.items():
                    out[change].add(c.documents, c.words, c.tokens)
        return out

    def as_dict(self) -> dict[str, Any]:
        def counts(c: Counts) -> dict[str, int]:
            d = {"documents": c.documents, "words": c.words}
            if c.tokens is not None:
                d["tokens"] = c.tokens
            return d

        return {
            "old": self.old,
            "new": self.new,
            "totals": {ch.value: counts(c) for ch, c in sorted(self.totals().items())},
            "by_source_language": {
                source: {
                    lang: {ch.value: counts(c) for ch, c in sorted(changes.items())}
                    for lang, changes in sorted(langs.items())
                }
                for source, langs in sorted(self.by_source_language.items())
            },
        }


def _load(version_dir: Path, tokenizer: Any | None) -> pl.DataFrame:
    data = version_dir / "data"
    if not (version_dir / "stats.json").is_file() or not data.is_dir():
        raise ConfigError(f"{version_dir} is not a finished build (no stats.json or data/)")
    frame = pl.scan_parquet(data / "**" / "*.parquet", hive_partitioning=False).select(
        "id", pl.col("source").cast(pl.Utf8), pl.col("lang").cast(pl.Utf8), "text"
    )
    text = pl.col("text")
    key = pl.concat_str([text.hash(seed=11).cast(pl.Utf8), text.hash(seed=29).cast(pl.Utf8)], separator=":")
    frame = frame.with_columns(key.alias("key"), text.str.count_matches(r"\S+").cast(pl.Int64).alias("words"))
    if tokenizer is not None:
        count = text.map_elements(lambda t: len(tokenizer.encode(t)), return_dtype=pl.Int64)
    else:
        count = pl.lit(None, dtype=pl.Int64)
    return frame.with_columns(count.alias("tokens")).drop("text").collect()


def diff_versions(old_dir: Path, new_dir: Path, tokenizer_dir: Path | None = None) -> VersionDiff:
    tokenizer = None
    if tokenizer_dir is not None:
        import sentencepiece as spm

        model = Path(tokenizer_dir) / "tokenizer.model"
        if not model.is_file():
            raise ConfigError(f"--tokenizer {tokenizer_dir} has no tokenizer.model")
        tokenizer = spm.SentencePieceProcessor(model_file=str(model))
    old, new = _load(Path(old_dir), tokenizer), _load(Path(new_dir), tokenizer)
    both = old.join(new, on="id", how="full", suffix="_new", coalesce=False)
    in_old, in_new = pl.col("id").is_not_null(), pl.col("id_new").is_not_null()
    change = (
        pl.when(in_old & in_new & (pl.col("key") == pl.col("key_new"))).then(pl.lit(Change.KEPT.value))
        .when(in_old & in_new).then(pl.lit(Change.CHANGED.value))
        .when(in_new & pl.col("key_new").is_in(old["key"].implode())).then(pl.lit(Change.MOVED.value))
        .when(in_new).then(pl.lit(Change.ADDED.value))
        .when(pl.col("key").is_in(new["key"].implode())).then(pl.lit(None))  # moved: counted on the new side
        .otherwise(pl.lit(Change.REMOVED.value))
    )
    side = {c: pl.when(in_new).then(pl.col(f"{c}_new")).otherwise(pl.col(c)) for c in ("source", "lang", "words", "tokens")}
    table = (
        both.select(change.alias("change"), *(expr.alias(name) for name, expr in side.items()))
        .drop_nulls("change")
        .group_by("source", "lang", "change")
        .agg(pl.len().alias("documents"), pl.col("words").sum(), pl.col("tokens").sum())
        .sort("source", "lang", "change")
    )
    result = VersionDiff(old=str(old_dir), new=str(new_dir))
    for row in table.iter_rows(named=True):
        tokens = row["tokens"] if tokenizer is not None else None
        counts = result.by_source_language[row["source"]][row["lang"]][Change(row["change"])]
        counts.add(row["documents"], row["words"], tokens)
    return result
