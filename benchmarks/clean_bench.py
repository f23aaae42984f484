"""Cleaning steps: throughput per step (MB/s on one core) and the issue-4 accuracy numbers, as JSON.

    python benchmarks/clean_bench.py [--mb 8] [--sami-every 1] [--pii-n 10000]
        [--only throughput|pii|sami ...] [--steps quality_signals,pii ...]

Measures, on documents of ../shared/data/lid/docs (nob-giellalt + sme, about --mb MB of text):
  * MB/s per step, single process: Sámi repair, text normalizer, boilerplate lines, PII, quality signals
    (in the QualityTagger's batches, and one document per call), sentence split; beside them the systems
    they replace or build on (unguarded ftfy, datatrove's PIIFormatter, datatrove's Gopher/FineWeb filters
    with their spaCy word tokenizer, on a small slice); `--steps` times only the steps named (and skips
    the comparison);
  * restored-Sámi rate: every sme document that a legacy confusion can encode is damaged with it and
    repaired (no source label, so LID alone decides); exact matches / damaged documents, per confusion;
  * PII recall on valid fødselsnummer/D-nummer/kontonummer in every spacing, and the kept rate of numbers
    whose check digit is wrong.
Timings on a shared machine are noisy: run it twice and compare.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from norcorpus.filters import pii_redactor, quality_tagger
from norcorpus.filters.pii import PiiKind, fnr_is_valid, mod11_check_digit, redact, redact_batch
from norcorpus.filters.quality_signals import quality_signals, quality_signals_batch
from norcorpus.lid import LidPredictor
from norcorpus.normalize.boilerplate import remove_repeated_lines
from norcorpus.normalize.sami_legacy import CONFUSIONS
from norcorpus.normalize.sami_repairer import repair_sami
from norcorpus.normalize.sentences import split_sentences
from norcorpus.normalize.text_normalizer import clean_text


def shared_data() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared/data"
    return Path(os.environ.get("NORCORPUS_SHARED_DATA", default))


def load(lang: str) -> list[str]:
    with gzip.open(shared_data() / "lid" / "docs" / f"{lang}.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def take_mb(docs: list[str], mb: float, seed: int) -> list[str]:
    docs = docs[:]
    random.Random(seed).shuffle(docs)
    out, size = [], 0
    for doc in docs:
        if size >= mb * 1e6:
            break
        out.append(doc)
        size += len(doc.encode())
    return out


def mb_per_s(
    fn: Callable[[str], object], texts: list[str], repeat: int = 1, setup: Callable[[], object] = lambda: None
) -> float:
    """MB/s of `fn` over the texts, the best of `repeat` passes (`setup` runs before each, untimed)."""
    size = sum(len(t.encode()) for t in texts) / 1e6
    best = float("inf")
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return round(size / best, 2)


def tagger_batches(texts: list[str], step=quality_tagger) -> list[list[str]]:
    """The texts in the batches that QualityTagger (or `step`'s module's step) makes."""
    batches: list[list[str]] = [[]]
    chars = 0
    for text in texts:
        if chars >= step.BATCH_CHARS or len(batches[-1]) >= step.BATCH_DOCS:
            batches.append([])
            chars = 0
        batches[-1].append(text)
        chars += len(text)
    return batches


def throughput(
    texts: list[str], slice_mb: float, only_steps: set[str] | None = None, repeat: int = 1
) -> dict[str, object]:
    predictor = LidPredictor()
    predictor.predict("oppvarming av modellen")  # load the LID model outside the timing
    quality_signals("oppvarming", "nob")  # build the character tables outside the timing
    redact("oppvarming 22 33 44 55")
    batches = {"quality": tagger_batches(texts), "pii": tagger_batches(texts, pii_redactor)}

    def batched(step: str, fn: Callable[[list[str]], object]) -> Callable[[str], None]:
        def call(_: str) -> None:  # called once per text: does a whole batch, as the step does, per batch
            batch = next(pending[step], None)
            if batch is not None:
                fn(batch)

        return call

    steps = {
        "sami_repair": lambda t: repair_sami(t, predictor),
        "normalize": clean_text,
        "pii": batched("pii", redact_batch),
        "pii_per_doc": redact,
        "quality_signals": batched(
            "quality", lambda batch: quality_signals_batch(batch, ["nob"] * len(batch))
        ),
        "quality_signals_per_doc": lambda t: quality_signals(t, "nob"),
        "sentences": lambda t: split_sentences(t, "nob"),
    }
    pending: dict[str, Iterator[list[str]]] = {}

    def restart() -> None:
        pending.update({step: iter(b) for step, b in batches.items()})

    out: dict[str, object] = {}
    for name, fn in steps.items():
        if only_steps is None or name in only_steps:
            out[name] = mb_per_s(fn, texts, repeat, restart)
    size = sum(len(t.encode()) for t in texts) / 1e6
    if only_steps is None or "boilerplate" in only_steps:
        start = time.perf_counter()
        for i in range(0, len(texts), 1000):
            remove_repeated_lines(texts[i : i + 1000])
        out["boilerplate"] = round(size / (time.perf_counter() - start), 2)
    if only_steps is not None:
        return out
    import ftfy
    from datatrove.data import Document
    from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
    from datatrove.pipeline.formatters import PIIFormatter

    small = take_mb(texts, slice_mb, 1)
    pii_formatter = PIIFormatter()
    gopher_q, gopher_r, fineweb = GopherQualityFilter(), GopherRepetitionFilter(), FineWebQualityFilter()
    split = small[:1]
    gopher_q.filter(Document(text=split[0], id="warm"))  # load spaCy outside the timing

    def datatrove_quality(t: str) -> None:
        doc = Document(text=t, id="x")
        gopher_q.filter(doc), gopher_r.filter(doc), fineweb.filter(doc)

    out["compared"] = {
        "ftfy_fix_text_unguarded": mb_per_s(ftfy.fix_text, texts),
        "datatrove_PIIFormatter_email_ip": mb_per_s(pii_formatter.format, texts),
        "datatrove_gopher_fineweb_filters_spacy": mb_per_s(datatrove_quality, small),
        "our_quality_signals_same_slice": mb_per_s(
            batched("quality", lambda batch: quality_signals_batch(batch, ["nob"] * len(batch))),
            small,
            setup=lambda: pending.update(quality=iter(tagger_batches(small))),
        ),
        "slice_mb": round(sum(len(t.encode()) for t in small) / 1e6, 2),
    }
    return out


def sami_restore(every: int) -> dict[str, object]:
    docs = load("sme")[::every]
    predictor = LidPredictor()
    per: dict[str, object] = {}
    all_damaged = all_ok = 0
    for confusion in CONFUSIONS:
        encodable = [d for d in docs if confusion.can_encode(d)]
        pairs = [(d, confusion.damage(d)) for d in encodable]
        pairs = [(d, bad) for d, bad in pairs if bad != d]
        ok = sum(repair_sami(bad, predictor)[0] == d for d, bad in pairs)
        per[confusion.name] = {
            "encodable": len(encodable),
            "damaged": len(pairs),
            "restored_exactly": ok,
            "rate": round(ok / max(1, len(pairs)), 4),
        }
        all_damaged += len(pairs)
        all_ok += ok
    untouched = {}
    for lang in ("isl", "fao", "nob", "nno"):
        other = load(lang)
        untouched[lang] = {
            "documents": len(other),
            "changed_no_label": sum(repair_sami(d, predictor)[1] is not None for d in other),
            "changed_label_se": sum(
                repair_sami(d, predictor, source_lang="se")[1] is not None for d in other
            ),
        }
    return {
        "documents": len(docs),
        "per_confusion": per,
        "overall_rate": round(all_ok / max(1, all_damaged), 4),
        "other_languages": untouched,
    }


def _valid(rng: random.Random, kind: str) -> str:
    while True:
        if kind == "account":
            base = "".join(rng.choice("0123456789") for _ in range(10))
            check = mod11_check_digit(base, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
            if check is not None:
                return base + str(check)
        else:
            day = rng.randint(1, 28) + (40 if kind == "dnr" else 0)
            base = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{rng.randint(0, 999):03d}"
            k1 = mod11_check_digit(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))
            k2 = None if k1 is None else mod11_check_digit(base + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
            if k2 is not None:
                return f"{base}{k1}{k2}"


def _shapes(number: str, kind: str) -> list[str]:
    if kind == "account":
        return [
            number,
            f"{number[:4]}.{number[4:6]}.{number[6:]}",
            f"{number[:4]} {number[4:6]} {number[6:]}",
        ]
    return [number, f"{number[:6]} {number[6:]}"]


def pii_accuracy(n: int) -> dict[str, object]:
    rng = random.Random(4)
    out: dict[str, object] = {}
    for kind in ("fnr", "dnr", "account"):
        found = kept = total = 0
        for i in range(n):
            number = _valid(rng, kind)
            shape = _shapes(number, kind)[i % len(_shapes(number, kind))]
            expected = (
                PiiKind.FNR
                if kind != "account" or (shape == number and fnr_is_valid(number))
                else PiiKind.ACCOUNT
            )
            text, counts = redact(f"Nummer: {shape}, registrert.")
            found += counts.get(expected, 0) == 1 and text == f"Nummer: {expected.placeholder}, registrert."
            last = int(number[-1])
            broken = number[:-1] + str((last + 1 + (number[-2] == "0")) % 10)
            bshape = _shapes(broken, kind)[i % len(_shapes(broken, kind))]
            kept += redact(f"Nummer: {bshape}, registrert.")[1].total() == 0
            total += 1
        out[kind] = {
            "valid": total,
            "recall": round(found / total, 4),
            "invalid": total,
            "kept_rate": round(kept / total, 4),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="MB of text for the throughput runs")
    parser.add_argument(
        "--slice-mb", type=float, default=0.3, help="MB for the slow datatrove/spaCy comparison"
    )
    parser.add_argument("--sami-every", type=int, default=1, help="use every Nth sme document")
    parser.add_argument("--pii-n", type=int, default=10_000)
    parser.add_argument(
        "--only",
        action="append",
        choices=["throughput", "pii", "sami"],
        help="run only these parts (repeatable; default: all)",
    )
    parser.add_argument(
        "--steps", help="comma-separated throughput steps to time (e.g. quality_signals,pii); no comparison"
    )
    parser.add_argument("--repeat", type=int, default=1, help="time each step this many times, keep the best")
    args = parser.parse_args()
    parts = set(args.only or ["throughput", "pii", "sami"])
    texts = take_mb(load("nob-giellalt"), args.mb / 2, 0) + take_mb(load("sme"), args.mb / 2, 0)
    result: dict[str, object] = {
        "machine_note": f"{os.cpu_count()} cores, shared with other jobs: timings are noisy"
    }
    if "throughput" in parts:
        only_steps = set(args.steps.split(",")) if args.steps else None
        result["throughput_mb_per_s_one_core"] = throughput(texts, args.slice_mb, only_steps, args.repeat)
        result["text_mb"] = round(sum(len(t.encode()) for t in texts) / 1e6, 2)
    if "pii" in parts:
        result["pii"] = pii_accuracy(args.pii_n)
    if "sami" in parts:
        result["sami_restore"] = sami_restore(args.sami_every)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
