"""`norcorpus pack`: a built corpus version → MDS shards of packed token sequences for LLM Foundry."""

from __future__ import annotations

import json
from pathlib import Path

import typer
import yaml
from pydantic import ValidationError

from norcorpus.cli.app import app
from norcorpus.cli.options import parse_weights
from norcorpus.errors import ConfigError
from norcorpus.pack import MixingConfig, PackConfig, TokenDtype, pack
from norcorpus.versions.executors import ExecutionConfig, ExecutorKind


def _mixing(path: Path | None, langs: list[str], sources: list[str]) -> MixingConfig:
    base: dict = {}
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"mixing config {path} does not exist")
        base = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        base = base.get("mixing", base)  # a manifest-style file with a `mixing:` block, or the block itself
    base = {**base, "languages": {**base.get("languages", {}), **parse_weights(langs, "--lang-weight")},
            "sources": {**base.get("sources", {}), **parse_weights(sources, "--source-weight")}}
    try:
        return MixingConfig.model_validate(base)
    except ValidationError as exc:
        raise ConfigError(f"invalid mixing config: {exc.errors()[0]['msg']}") from None


@app.command("pack")
def pack_command(
    corpus: Path = typer.Option(..., "--corpus", help="A built corpus version: OUT/<version>/ (holds data/)."),
    tokenizer: Path = typer.Option(..., "--tokenizer", help="Tokenizer directory with tokenizer.model."),
    seq_len: int = typer.Option(..., "--seq-len", help="Tokens per training sample (LLM Foundry max_seq_len)."),
    out: Path = typer.Option(..., "--out", help="Output directory: OUT/train and OUT/val hold the MDS shards."),
    wrap: bool = typer.Option(True, "--wrap/--no-wrap", help="Continue documents across samples (default), "
                              "or start every sample at a document and pad the rest."),
    seed: int = typer.Option(17, "--seed", help="Seed of the shuffle, the repetition draws and the val split."),
    val_fraction: float = typer.Option(0.005, "--val-fraction", help="Share of documents held out for val."),
    dtype: TokenDtype = typer.Option(TokenDtype.INT32, "--dtype", help="Token column: ndarray:int32, or uint16 "
                                     "(vocab ≤ 65536), or auto."),
    mixing: Path | None = typer.Option(None, "--mixing", help="YAML with languages:/sources: weights (≤ 16)."),
    lang_weight: list[str] = typer.Option([], "--lang-weight", help="LANG=WEIGHT, e.g. sme=16 (repeatable)."),
    source_weight: list[str] = typer.Option([], "--source-weight", help="SOURCE=WEIGHT (repeatable)."),
    executor: ExecutorKind = typer.Option(ExecutorKind.LOCAL, "--executor", help="Run tasks locally or on Ray."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Parallel tasks (default: CPU cores)."),
    as_json: bool = typer.Option(False, "--json", help="Print the pack summary as JSON."),
) -> None:
    """Tokenize, mix (per-language/per-source weights), shuffle and pack a corpus into MDS shards."""
    try:
        config = PackConfig(
            corpus=corpus, tokenizer=tokenizer, out=out, seq_len=seq_len, wrap=wrap, seed=seed,
            val_fraction=val_fraction, dtype=dtype, mixing=_mixing(mixing, lang_weight, source_weight),
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise ConfigError(f"invalid option {where}: {error['msg']}".replace("invalid option : ", "")) from None
    result = pack(config, ExecutionConfig(executor=executor, workers=workers))
    summary = result.summary
    if as_json:
        typer.echo(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False))
        return
    state = "up to date" if result.up_to_date else "packed"
    for name, split in summary["splits"].items():
        typer.echo(
            f"{name:<5} {split['samples']} samples × {summary['seq_len']} in {split['shards']} shard(s): "
            f"{split['tokens']} tokens + {split['padding']} padding, {split['documents']} documents"
        )
    typer.echo(f"{state}: {summary['column']['tokens']} → {result.out}/train, {result.out}/val")
