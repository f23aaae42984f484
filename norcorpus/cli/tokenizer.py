"""`norcorpus tokenizer train|fertility`: SentencePiece tokenizers and their tokens-per-word reports."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from norcorpus.cli.options import parse_weights
from norcorpus.errors import ConfigError
from norcorpus.tokenizer.fertility import fertility, total
from norcorpus.tokenizer.loader import load_encoder
from norcorpus.tokenizer.preset import load_preset
from norcorpus.tokenizer.trainer import train_tokenizer

tokenizer_app = typer.Typer(
    name="tokenizer",
    help="Train SentencePiece tokenizers (64k/68k/158k presets) and measure their fertility.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@tokenizer_app.command("train")
def train_command(
    corpus: Path = typer.Option(
        ...,
        "--corpus",
        help="Built corpus version dir (OUT/<version>/), a folder of Parquet/JSONL, or a TSV.",
    ),
    out: Path = typer.Option(..., "--out", help="Output directory (tokenizer.model + HF files + report)."),
    vocab_size: int | None = typer.Option(
        None, "--vocab-size", min=300, help="Vocabulary size (overrides preset)."
    ),
    preset: str | None = typer.Option(
        None, "--preset", help="64k, 68k, 158k or a preset YAML (default: 64k's settings)."
    ),
    max_chars: int | None = typer.Option(None, "--max-chars", min=1, help="Character budget of the sample."),
    lang_weight: list[str] = typer.Option(
        [], "--lang-weight", metavar="LANG=W", help="Share of the sample per language; replaces the preset's."
    ),
    default_weight: float | None = typer.Option(
        None, "--default-weight", min=0.0, help="Weight of other langs."
    ),
    max_repeat: float | None = typer.Option(
        None, "--max-repeat", min=1.0, help="Upsampling cap per language."
    ),
    threads: int | None = typer.Option(None, "--threads", min=1, help="SentencePiece training threads."),
    force: bool = typer.Option(False, "--force", help="Replace a non-empty --out."),
    verbose: bool = typer.Option(False, "--verbose", help="Show SentencePiece's training log."),
    as_json: bool = typer.Option(False, "--json", help="Print train_report.json to stdout."),
) -> None:
    """Sample the corpus by language weights, train SentencePiece BPE and export HF files."""
    if preset is None and vocab_size is None:
        raise ConfigError("give --vocab-size or --preset", hint="e.g. --preset 64k")
    base = load_preset(preset or "64k")
    chosen = base.with_overrides(
        name=base.name if vocab_size is None else f"{base.name}-v{vocab_size}",
        vocab_size=vocab_size,
        max_chars=max_chars,
        lang_weights=parse_weights(lang_weight, "--lang-weight") or None,
        default_weight=default_weight,
        max_repeat=max_repeat,
        num_threads=threads,
    )
    result = train_tokenizer(corpus, chosen, out, force=force, verbose=verbose)
    report = result.report
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    sample = report["sample"]
    typer.echo(
        f"trained {report['vocab_size']} pieces on {sample['sampled_chars']:,} sampled characters "
        f"({sample['sampled_sentences']:,} sentences) in {report['seconds']['train']} s → {result.out}"
    )
    for lang, s in sample["languages"].items():
        typer.echo(
            f"  {lang:<6} weight {s['weight']:<6} available {s['available_chars']:>13,}  "
            f"x{s['rate']:<8.3f} sampled {s['sampled_chars']:>13,}"
        )
    if sample["ignored_languages"]:
        typer.echo("  weight 0 (left out): " + ", ".join(sample["ignored_languages"]))


@tokenizer_app.command("fertility")
def fertility_command(
    file: Path = typer.Argument(..., metavar="FILE.tsv", help="Rows `label<TAB>text` (.gz/.zst accepted)."),
    tokenizer: Path = typer.Option(
        ..., "--tokenizer", help="Tokenizer directory (tokenizer.model or .json)."
    ),
    baseline: list[Path] = typer.Option([], "--baseline", help="Baseline tokenizer directory (repeatable)."),
    engine: str = typer.Option("auto", "--engine", help="auto, sentencepiece or tokenizers."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Tokens per whitespace word, per label, side by side with baseline tokenizers."""
    encoders = [load_encoder(tokenizer, engine)] + [load_encoder(b) for b in baseline]
    results = fertility(encoders, file)
    if as_json:
        payload = {
            "file": str(file),
            "tokenizers": {
                name: {
                    "engine": enc.engine,
                    "vocab_size": enc.vocab_size(),
                    "labels": {label: c.to_dict() for label, c in sorted(counts.items())},
                    "total": total(counts).to_dict(),
                }
                for (name, counts), enc in zip(results.items(), encoders, strict=True)
            },
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    names = list(results)
    first = results[names[0]]
    typer.echo(f"{'label':<8}{'rows':>8}{'words':>10}" + "".join(f"{n[:14]:>16}" for n in names))
    for label in sorted(first):
        c = first[label]
        cells = "".join(f"{results[n][label].fertility:>16.3f}" for n in names)
        typer.echo(f"{label:<8}{c.rows:>8}{c.words:>10}{cells}")
    t = total(first)
    typer.echo(
        f"{'all':<8}{t.rows:>8}{t.words:>10}"
        + "".join(f"{total(results[n]).fertility:>16.3f}" for n in names)
    )
