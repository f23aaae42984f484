"""The packaged model on dev.tsv.gz: the issue's quality targets, as regression checks of the shipped file.

The bounds sit a little under what the committed model measures (MODEL_CARD.md), so a retrained model that
gets clearly worse fails here. dev's nob/nno labels come from langid.py (Talk of Norway) and some corpus-sme
rows are Norwegian or Finnish, so the achievable scores are below 1 (see the model card).
"""

from __future__ import annotations

import random

import pytest

from norcorpus.lid.augment import LEGACY_SCHEMES, legacy_encode
from norcorpus.lid.data import read_rows
from norcorpus.lid.evaluate import evaluate
from norcorpus.lid.model import LidModel
from norcorpus.lid.train import MACRO_GROUPS


@pytest.fixture(scope="module")
def dev(shared_data):
    return [(label, text) for label, text, _ in read_rows(shared_data / "lid" / "dev.tsv.gz")]


@pytest.fixture(scope="module")
def lid():
    return LidModel.load()


def _report(lid, rows):
    pred = [lang.value for lang, _ in lid.predict_many([t for _, t in rows])]
    return evaluate([g for g, _ in rows], pred, MACRO_GROUPS)


def test_dev_scores(lid, dev):
    report = _report(lid, dev)
    assert report.macro_f1["nob/nno/sme"] >= 0.96
    assert report.per_label["sme"].f1 >= 0.99
    assert report.per_label["nob"].f1 >= 0.92
    assert report.per_label["nno"].f1 >= 0.95
    assert report.per_label["dan"].f1 >= 0.8  # the best baseline, pycld2, has 0.779 (MODEL_CARD.md)


def test_nob_nno_confusion_on_long_sentences(lid, dev):
    rows = [(g, t) for g, t in dev if g in ("nob", "nno") and len(t.split()) >= 8]
    report = _report(lid, rows)
    # the bound (2 %): dev has 1,260 nno and 991 nob such sentences, so one sentence is ~0.1 %
    assert report.confusion_rate("nob", "nno") <= 0.02
    assert report.confusion_rate("nno", "nob") <= 0.02


def test_legacy_encoded_sami(lid, dev):
    rng = random.Random(13)
    sme = rng.sample([t for g, t in dev if g == "sme"], 500)
    rows = [("sme", legacy_encode(t, scheme)) for scheme in LEGACY_SCHEMES for t in sme]
    rows += [(g, t) for g, t in dev if g != "sme"]
    assert _report(lid, rows).per_label["sme"].f1 >= 0.99
