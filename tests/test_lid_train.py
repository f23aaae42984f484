"""`lid train` on a small slice of the real data: reproducible from the seed, NaN retry, dev report."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from norcorpus.errors import ConfigError, InternalError
from norcorpus.langs import Lang
from norcorpus.lid import train as train_module
from norcorpus.lid.config import TrainConfig
from norcorpus.lid.model import LidModel, sidecar_path

SMALL = dict(
    targets={"nob": 300, "nno": 300, "sme": 300, "dan": 100, "swe": 100, "eng": 100, "deu": 100, "fin": 100,
             "isl": 100, "fao": 100, "other": 200},
    nob_giellalt_max=200, junk_rows=50, epoch=10, lr=0.5, dim=16, bucket=20_000, quantize=True,
)


def _head(src: Path, dst: Path, per_label: int) -> None:
    """The first `per_label` rows of each label of a gzipped TSV."""
    counts: dict[str, int] = {}
    with gzip.open(src, "rt", encoding="utf-8") as fin, gzip.open(dst, "wt", encoding="utf-8") as fout:
        for line in fin:
            label = line.split("\t", 1)[0]
            if counts.get(label, 0) < per_label:
                counts[label] = counts.get(label, 0) + 1
                fout.write(line)


@pytest.fixture(scope="module")
def small_data(shared_data, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("liddata")
    lid = shared_data / "lid"
    _head(lid / "train.tsv.gz", root / "train.tsv.gz", 400)
    _head(lid / "dev.tsv.gz", root / "dev.tsv.gz", 50)
    (root / "extra").mkdir()
    _head(lid / "extra" / "nob-giellalt.tsv.gz", root / "extra" / "nob-giellalt.tsv.gz", 300)
    _head(lid / "extra" / "other-udhr2.tsv.gz", root / "extra" / "other-udhr2.tsv.gz", 300)
    return root


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_training_is_reproducible_and_reports_dev(small_data, tmp_path):
    config = TrainConfig(**SMALL)
    first = train_module.train(small_data, tmp_path / "a.ftz", config)
    second = train_module.train(small_data, tmp_path / "b.ftz", config)
    assert _sha(first.model_path) == _sha(second.model_path)
    side = json.loads(sidecar_path(first.model_path).read_text())
    assert side["preprocess"] == "norcorpus-lid-v1" and side["seed_used"] == 13
    assert set(side["labels"]) == {lang.value for lang in Lang if lang is not Lang.UND}
    assert first.dev is not None and first.dev.rows > 0
    model = LidModel.load(first.model_path)
    assert model.norcorpus_preprocessing
    # even a tiny model trained in seconds is far better than chance
    assert first.dev.accuracy > 0.4  # 11 labels: chance is about 0.1


def test_a_nan_divergence_is_retried_with_the_next_seed(small_data, tmp_path, monkeypatch):
    real_fit = train_module._fit_in_fresh_process
    seeds: list[int] = []

    def flaky_fit(train_file, config, seed, out):
        seeds.append(seed)
        if len(seeds) == 1:
            raise RuntimeError("Encountered NaN.")
        return real_fit(train_file, config, seed, out)

    monkeypatch.setattr(train_module, "_fit_in_fresh_process", flaky_fit)
    result = train_module.train(small_data, tmp_path / "m.ftz", TrainConfig(**{**SMALL, "seed": 7}))
    assert seeds == [7, 8]
    assert (result.seed_used, result.attempts) == (8, 2)


def test_nan_every_time_gives_up(small_data, tmp_path, monkeypatch):
    def nan_fit(train_file, config, seed, out):
        raise RuntimeError("Encountered NaN.")

    monkeypatch.setattr(train_module, "_fit_in_fresh_process", nan_fit)
    with pytest.raises(InternalError, match="diverged 2 times"):
        train_module.train(small_data, tmp_path / "m.ftz", TrainConfig(**{**SMALL, "max_attempts": 2}))


def test_missing_data_dir_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        train_module.train(tmp_path / "nope", tmp_path / "m.ftz", TrainConfig(**SMALL))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="train.tsv.gz"):
        train_module.train(tmp_path / "empty", tmp_path / "m.ftz", TrainConfig(**SMALL))
