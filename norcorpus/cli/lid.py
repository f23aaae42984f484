"""`norcorpus lid train|predict|eval`: the language-identification model on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from norcorpus.errors import ConfigError

lid_app = typer.Typer(
    name="lid",
    help="Language identification (nob, nno, sme, dan, swe, eng, deu, fin, isl, fao, other, und).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_MODEL_HELP = "A fastText LID model (.bin/.ftz); default: the model packaged with norcorpus."
_MAP_HELP = (
    "Map the model's labels to ours: a JSON/YAML file {model_label: iso639-3} or 'a=b,c=d'. "
    "Labels not mapped go through the built-in aliases (nb, nob_Latn, no → nob, ...); the rest become other."
)


def parse_label_map(value: str | None) -> dict[str, str] | None:
    """`--label-map`: a JSON/YAML file or an inline `model_label=ours,...` list."""
    if not value:
        return None
    path = Path(value)
    if path.is_file():
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is YAML too
        except yaml.YAMLError as exc:
            raise ConfigError(f"--label-map {path}: not JSON/YAML ({exc.__class__.__name__})") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"--label-map {path}: expected a mapping of model label to language")
        return {str(k): str(v) for k, v in data.items()}
    mapping: dict[str, str] = {}
    for item in value.split(","):
        key, sep, target = item.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise ConfigError(
                f"--label-map {value!r}: not a file and not a 'model_label=lang,...' list",
                hint="e.g. --label-map nob_Latn=nob,nno_Latn=nno",
            )
        mapping[key.strip()] = target.strip()
    return mapping


def _load(model: Path | None, label_map: str | None):
    from norcorpus.lid.model import LidModel

    return LidModel.load(model, parse_label_map(label_map))


@lid_app.command("predict")
def predict_command(
    file: str = typer.Argument("-", metavar="[FILE|-]", help="Text, one item per line; '-' or nothing: stdin."),
    model: Path | None = typer.Option(None, "--model", help=_MODEL_HELP),
    label_map: str | None = typer.Option(None, "--label-map", help=_MAP_HELP),
    batch: int = typer.Option(2048, "--batch", min=1, help="Lines per call into fastText."),
) -> None:
    """Print `label<TAB>score` for every input line, in order (an empty line gives `und<TAB>0.0000`)."""
    lid = _load(model, label_map)
    if file == "-":
        stream = sys.stdin
    else:
        path = Path(file)
        if not path.is_file():
            raise ConfigError(f"{file} does not exist")
        stream = path.open(encoding="utf-8", errors="replace")
    out = sys.stdout
    lines: list[str] = []

    def flush() -> None:
        out.write("".join(f"{lang.value}\t{score:.4f}\n" for lang, score in lid.predict_many(lines)))
        lines.clear()

    try:
        for line in stream:
            lines.append(line.rstrip("\r\n"))
            if len(lines) >= batch:
                flush()
        flush()
    finally:
        if stream is not sys.stdin:
            stream.close()
    out.flush()


@lid_app.command("eval")
def eval_command(
    file: Path = typer.Argument(..., metavar="FILE.tsv", help="Rows label<TAB>text (more columns are ignored); .gz ok."),
    model: Path | None = typer.Option(None, "--model", help=_MODEL_HELP),
    label_map: str | None = typer.Option(None, "--label-map", help=_MAP_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Per-label precision, recall and F1, and the confusion matrix, of the model on labelled rows."""
    from norcorpus.lid.train import evaluate_file

    report = evaluate_file(_load(model, label_map), file)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report.table())


@lid_app.command("train")
def train_command(
    data: Path = typer.Option(..., "--data", help="Directory with train.tsv.gz, dev.tsv.gz and extra/ (shared/data/lid)."),
    out: Path = typer.Option(..., "--out", help="Model file to write (.ftz when quantized); OUT.json records how."),
    seed: int = typer.Option(13, "--seed", help="Seed of sampling, augmentation and fastText."),
    epoch: int | None = typer.Option(None, "--epoch", min=1, help="fastText epochs (default: the tuned value)."),
    threads: int = typer.Option(1, "--threads", min=1, help="More than 1 is faster but not reproducible."),
    no_quantize: bool = typer.Option(False, "--no-quantize", help="Save the full model (.bin) instead."),
    as_json: bool = typer.Option(False, "--json", help="Print the dev report as JSON."),
) -> None:
    """Train the fastText LID model from DATA (seeded, reproducible with --threads 1) and score it on dev."""
    from norcorpus.lid.config import TrainConfig
    from norcorpus.lid.train import train

    overrides: dict = {"seed": seed, "threads": threads, "quantize": not no_quantize}
    if epoch is not None:
        overrides["epoch"] = epoch
    result = train(data, out, TrainConfig(**overrides))
    if as_json:
        payload = {
            "model": str(result.model_path), "seed_used": result.seed_used, "attempts": result.attempts,
            "examples": result.examples, "seconds": round(result.seconds, 1),
            "dev": result.dev.to_json() if result.dev else None,
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    typer.echo(
        f"wrote {result.model_path} ({result.model_path.stat().st_size / 1e6:.1f} MB) from {result.examples} "
        f"examples in {result.seconds:.0f} s (seed {result.seed_used}, attempt {result.attempts})"
    )
    if result.dev:
        typer.echo(result.dev.table())
