"""Smoke training: a ~1M-parameter causal LM learns from the packed MDS shards through StreamingDataset."""

# ruff: noqa: F811  (pytest fixtures imported from tests/test_pack_support.py)
from __future__ import annotations

import pytest

from tests.test_pack_support import corpus, mds_pack, tokenizer_dir  # noqa: F401

pytest.importorskip("torch")
pytest.importorskip("transformers")


def _check(result: dict) -> None:
    losses = result["losses"]
    assert len(losses) == 30
    first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
    assert last < first - 0.7, losses  # ln(400) ≈ 6.0 at the start; it must learn, not only wiggle
    assert 0.5e6 < result["parameters"] < 1.5e6
    assert result["tokens_per_second"] > 0
    print(result)  # the loss curve and tokens/s, for the record (pytest -s)


@pytest.mark.slow
def test_smoke_train_cpu(mds_pack) -> None:
    from norcorpus.train.smoke import smoke_train

    _check(smoke_train(mds_pack[0], steps=30, device="cpu"))


@pytest.mark.gpu
def test_smoke_train_cuda(mds_pack) -> None:
    import torch

    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    from norcorpus.train.smoke import smoke_train

    _check(smoke_train(mds_pack[0], steps=30, device="cuda"))
