"""Training the norcorpus fastText LID model (`norcorpus lid train`): seeded, with the NaN retry.

fastText's supervised training sometimes diverges ("Encountered NaN"); the fix is another seed, so a run
tries `seed`, `seed+1`, ... and records the seed that worked in the model's sidecar JSON.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from norcorpus.errors import ConfigError, InternalError
from norcorpus.lid.config import TrainConfig
from norcorpus.lid.data import DEV_FILE, build_examples, read_rows, write_fasttext_file
from norcorpus.lid.evaluate import EvalReport, evaluate
from norcorpus.lid.model import LidModel, sidecar_path
from norcorpus.lid.preprocess import PREPROCESS_VERSION

log = logging.getLogger(__name__)

# the dev groups the targets talk about
MACRO_GROUPS = {"nob/nno/sme": ("nob", "nno", "sme")}


@dataclass
class TrainResult:
    model_path: Path
    seed_used: int
    attempts: int
    examples: int
    seconds: float
    dev: EvalReport | None


def _fit(train_file: Path, config: TrainConfig, seed: int) -> Any:
    import fasttext

    return fasttext.train_supervised(
        input=str(train_file),
        epoch=config.epoch,
        lr=config.lr,
        dim=config.dim,
        minn=config.minn,
        maxn=config.maxn,
        wordNgrams=config.word_ngrams,
        bucket=config.bucket,
        minCount=config.min_count,
        loss="softmax",
        thread=config.threads,
        seed=seed,
        verbose=0,
    )


def _fit_and_save(train_file: str, config_json: str, seed: int, out: str) -> None:
    """Train (and quantize) one model and save it; runs in a fresh process (see `_fit_in_fresh_process`)."""
    config = TrainConfig.model_validate_json(config_json)
    ft = _fit(Path(train_file), config, seed)
    if config.quantize:
        ft.quantize(input=train_file, qnorm=True, retrain=config.cutoff > 0, cutoff=config.cutoff,
                    dsub=config.dsub, thread=config.threads, verbose=0)
    ft.save_model(out)


def _fit_in_fresh_process(train_file: Path, config: TrainConfig, seed: int, out: Path) -> None:
    # fastText gives the same model for the same seed only in a fresh process: a second training in the
    # same process starts from reused heap memory and comes out different (and diverges more often). A
    # spawned process per attempt makes `lid train` reproducible whoever calls it, and how often.
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pool.apply(_fit_and_save, (str(train_file), config.model_dump_json(), seed, str(out)))


def _is_nan_error(exc: BaseException) -> bool:
    return "nan" in str(exc).lower()


def train(data_dir: Path, out: Path, config: TrainConfig | None = None) -> TrainResult:
    """Build the training set from `data_dir`, train, quantize, save `out` (+ `out.json`), score on dev."""
    config = config or TrainConfig()
    start = time.perf_counter()
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ConfigError(f"--data {data_dir} is not a directory")
    examples = build_examples(data_dir, config)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="norcorpus-lid-") as tmp:
        train_file = Path(tmp) / "train.txt"
        write_fasttext_file(examples, train_file)
        tmp_out = out.with_name(out.name + ".tmp")
        done = False
        for attempt in range(config.max_attempts):
            seed = config.seed + attempt
            try:
                _fit_in_fresh_process(train_file, config, seed, tmp_out)
                done = True
                break
            except RuntimeError as exc:  # fastText raises std::runtime_error("Encountered NaN.")
                if not _is_nan_error(exc):
                    raise
                log.warning("fastText diverged with seed %d (%s); retrying with seed %d", seed, exc, seed + 1)
        if not done:
            raise InternalError(
                f"fastText training diverged {config.max_attempts} times (seeds {config.seed}.."
                f"{config.seed + config.max_attempts - 1})",
                hint="lower --lr or pass another --seed",
            )
        tmp_out.replace(out)  # atomic: a reader never sees half a model
    model = LidModel.load(out)
    side = {
        "preprocess": PREPROCESS_VERSION,
        "seed_used": seed,
        "attempts": attempt + 1,
        "examples": len(examples),
        "labels": sorted(model.raw_labels),
        "config": config.model_dump(mode="json"),
    }
    sidecar_path(out).write_text(json.dumps(side, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    dev = None
    if (data_dir / DEV_FILE).is_file():
        dev = evaluate_file(LidModel.load(out), data_dir / DEV_FILE)  # reload: the sidecar sets preprocessing
    return TrainResult(out, seed, attempt + 1, len(examples), time.perf_counter() - start, dev)


def evaluate_file(model: LidModel, path: Path, batch: int = 4096) -> EvalReport:
    """Score `model` on a `label<TAB>text[<TAB>...]` file (labels are mapped to ours as model labels are)."""
    from norcorpus.langs import to_lang

    gold: list[str] = []
    pred: list[str] = []
    texts: list[str] = []

    def flush() -> None:
        pred.extend(lang.value for lang, _ in model.predict_many(texts))
        texts.clear()

    for label, text, _ in read_rows(path):
        gold.append(to_lang(label).value)
        texts.append(text)
        if len(texts) >= batch:
            flush()
    flush()
    return evaluate(gold, pred, MACRO_GROUPS)
