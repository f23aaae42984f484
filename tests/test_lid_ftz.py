"""Decoding a quantized fastText model to a dense matrix (norcorpus.lid.ftz): same vectors, same answers."""

from __future__ import annotations

import numpy as np
import pytest

from norcorpus.lid.data import read_rows
from norcorpus.lid.ftz import decode_input_matrix, densify
from norcorpus.lid.model import PACKAGED_MODEL, LidModel, _load_fasttext


def test_decoded_rows_are_fasttexts_own(tmp_path):
    dense = decode_input_matrix(PACKAGED_MODEL, max_bytes=1 << 30)
    ft = _load_fasttext(PACKAGED_MODEL)
    assert dense is not None and dense.dtype == np.float32
    assert dense.shape == (len(ft.words) + ft.f.getArgs().bucket, ft.get_dimension())
    for row in np.random.default_rng(1).integers(0, len(dense), 500).tolist() + [0, len(dense) - 1]:
        assert np.array_equal(dense[row], ft.get_input_vector(row)), row


def test_decoded_model_answers_exactly_as_the_quantized_one(shared_data):
    rows = list(read_rows(shared_data / "lid" / "dev.tsv.gz"))[:3000]
    texts = [text for _, text, _ in rows] + ["", "0 0 0", "a", "Sámi ja dáru giella"]
    quantized = LidModel.load(decode=False)
    decoded = LidModel.load()
    assert quantized._ft.f.isQuant()
    # labels and probabilities, to the last bit: decoding computes the same float products as fastText
    assert decoded.predict_many(texts) == quantized.predict_many(texts)


def test_what_cannot_be_decoded_is_left_quantized(tmp_path):
    assert decode_input_matrix(PACKAGED_MODEL, max_bytes=1000) is None  # over the memory limit
    truncated = tmp_path / "cut.ftz"
    truncated.write_bytes(PACKAGED_MODEL.read_bytes()[:200_000])
    assert decode_input_matrix(truncated, max_bytes=1 << 30) is None
    not_fasttext = tmp_path / "x.ftz"
    not_fasttext.write_bytes(b"\0" * 64)
    assert decode_input_matrix(not_fasttext, max_bytes=1 << 30) is None
    ft = _load_fasttext(PACKAGED_MODEL)
    assert not densify(ft, PACKAGED_MODEL, max_bytes=1000)
    assert ft.f.isQuant() and densify(ft, PACKAGED_MODEL)


@pytest.mark.parametrize(("quantize", "dim"), [(False, 8), (True, 8), (True, 10)])
def test_small_models_quantized_or_not(tmp_path, quantize, dim):
    """A .bin is left alone; a .ftz is decoded, also when the last sub-quantizer is narrower (10 = 4+4+2)."""
    import subprocess
    import sys

    train = tmp_path / "train.txt"
    train.write_text(
        "".join(f"__label__{lab} {text}\n" for lab, text in [("nob", "jeg er her"), ("nno", "eg er her")] * 50),
        encoding="utf-8",
    )
    path = tmp_path / ("m.ftz" if quantize else "m.bin")
    # a fresh process: fastText training reuses heap memory badly in a busy one (see test_lid_model.py)
    script = (
        "import sys, fasttext\n"
        "ft = fasttext.train_supervised(input=sys.argv[1], dim=int(sys.argv[4]), epoch=5, minn=2, maxn=3,\n"
        "                               bucket=2000, thread=1, seed=1, verbose=0)\n"
        "if sys.argv[3] == '1':\n"
        "    ft.quantize(input=sys.argv[1], qnorm=True, dsub=4, retrain=False, verbose=0)\n"
        "ft.save_model(sys.argv[2])\n"
    )
    subprocess.run([sys.executable, "-c", script, str(train), str(path), str(int(quantize)), str(dim)], check=True)
    ft = _load_fasttext(path)
    before = ft.predict("eg er her", k=2)
    assert densify(ft, path) is quantize
    labels, probs = ft.predict("eg er her", k=2)
    assert labels == before[0] and np.array_equal(probs, before[1])
