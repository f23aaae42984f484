"""Compare norcorpus LID with py3langid, lingua and pycld2 on the same held-out data; print JSON.

    python benchmarks/lid_compare.py [--model PATH] [--systems norcorpus,py3langid,lingua,pycld2] [--out FILE]

Evaluation sets (all from shared/data/lid, dev side only: nothing here was trained on):
- `dev`: every row of dev.tsv.gz (sentences; corpus-sme paragraphs).
- `dev_8plus_words`: the nob and nno rows of dev with at least 8 words, for the nob↔nno confusion target.
- `fragments`: 2-5 word windows of dev rows (seeded), the short-text case.
- `sme_legacy`: up to 2,000 dev sme rows rewritten in each legacy Sámi encoding (norcorpus.lid.augment),
  mixed with the non-sme dev rows so that precision means something.
- `docs`: the dev documents of docs/{lang}.jsonl.gz (sme capped at 200), labelled as whole documents;
  norcorpus uses its paragraph vote (norcorpus.lid.document), the others see the whole text.
Throughput: predictions per second on one core, on 20,000 dev rows of at most 300 characters (sentences,
mean about 100 characters), for each system (norcorpus both batched and one call per line), per second of
wall time and per second of CPU time. The machine is shared, so timings are noisy: norcorpus is timed
`--repeats` times (best and median reported), its quantized matrix (`decode=False`) interleaved with the
decoded one that `LidModel.load` uses by default, so that their ratio comes from the same conditions.
Tagger (norcorpus only): MB of document text per CPU-second through the build's LID step, on the document
mix of benchmarks/pipeline_bench.py (docs/nob-giellalt, sme, nno, nob), `--tagger-mb` of it: "before" is
one document at a time, whole paragraphs, quantized matrix (the step before batching, the character cap
and decoding); "after" is `label_documents` over batches of ~1 MB with the default LidConfig. Their
document and paragraph label agreement is reported next to the speeds.

The baselines need `pip install py3langid lingua-language-detector pycld2` (benchmark only). Labels are
mapped with norcorpus.langs.to_lang: languages outside ours become `other`, no answer becomes `und`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from norcorpus.langs import Lang, to_lang
from norcorpus.lid.augment import LEGACY_SCHEMES, fragment, legacy_encode
from norcorpus.lid.config import LidConfig
from norcorpus.lid.document import label_document, label_documents
from norcorpus.lid.evaluate import evaluate
from norcorpus.lid.model import LidModel

FOCUS = ("nob", "nno", "sme", "dan")
GROUPS = {"nob/nno/sme": ("nob", "nno", "sme")}


def shared_data() -> Path:
    return Path(os.environ.get("NORCORPUS_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


# -- systems: each is a function list[str] -> list[str] (our labels) ---------------------------------------

def norcorpus_system(model_path: str | None) -> tuple[Callable[[list[str]], list[str]], Callable[[str], str], LidModel]:
    model = LidModel.load(model_path)

    def many(texts: list[str]) -> list[str]:
        return [lang.value for lang, _ in model.predict_many(texts)]

    def one(text: str) -> str:
        return model.predict(text)[0].value

    return many, one, model


def py3langid_system() -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)

    def one(text: str) -> str:
        return to_lang(ident.classify(text)[0]).value if text.strip() else "und"

    return one


def lingua_system() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def one(text: str) -> str:
        lang = detector.detect_language_of(text)
        return to_lang(lang.iso_code_639_3.name.lower()).value if lang is not None else "und"

    return one


def pycld2_system() -> Callable[[str], str]:
    import pycld2

    def one(text: str) -> str:
        try:
            _reliable, _, details = pycld2.detect(text)
        except pycld2.error:
            return "und"
        code = details[0][1]
        return "und" if code in ("un", "xxx") else to_lang(code).value

    return one


# -- data ------------------------------------------------------------------------------------------------

def read_tsv(path: Path) -> list[tuple[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [(p[0], p[1]) for p in (line.rstrip("\n").split("\t") for line in fh) if len(p) >= 2]


def read_docs(data: Path, sme_cap: int, rng: random.Random) -> list[tuple[str, str]]:
    docs = []
    for lang in Lang:
        path = data / "lid" / "docs" / f"{lang.value}.jsonl.gz"
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        rows = [(r["lang"], r["text"]) for r in rows if r.get("split") == "dev"]
        if lang is Lang.SME and len(rows) > sme_cap:
            rows = rng.sample(rows, sme_cap)
        docs += rows
    return docs


def eval_sets(data: Path, seed: int = 13) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    dev = read_tsv(data / "lid" / "dev.tsv.gz")
    sets = {"dev": dev}
    sets["dev_8plus_words"] = [(g, t) for g, t in dev if g in ("nob", "nno") and len(t.split()) >= 8]
    sets["fragments"] = [(g, fragment(t, rng, 2, 5)) for g, t in dev if len(t.split()) >= 2]
    sme = [t for g, t in dev if g == "sme"]
    sme = rng.sample(sme, min(2000, len(sme)))
    legacy = [("sme", legacy_encode(t, name)) for name in LEGACY_SCHEMES for t in sme]
    sets["sme_legacy"] = legacy + [(g, t) for g, t in dev if g != "sme"]
    sets["docs"] = read_docs(data, 200, rng)
    return sets


def summarize(gold: list[str], pred: list[str]) -> dict:
    report = evaluate(gold, pred, GROUPS)
    out = {
        "rows": report.rows,
        "accuracy": round(report.accuracy, 4),
        "macro_f1_nob_nno_sme": round(report.macro_f1.get("nob/nno/sme", 0.0), 4),
        "f1": {lab: round(report.per_label[lab].f1, 4) for lab in report.per_label if lab in FOCUS},
        "nob_to_nno": round(report.confusion_rate("nob", "nno"), 4),
        "nno_to_nob": round(report.confusion_rate("nno", "nob"), 4),
        "nob_to_dan": round(report.confusion_rate("nob", "dan"), 4),
        "dan_to_nob": round(report.confusion_rate("dan", "nob"), 4),
    }
    return out


def throughput(fn: Callable[[list[str]], list[str]], texts: list[str]) -> dict[str, int]:
    """Lines per second of wall time and per second of this process's CPU time (= per core: one thread)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall": round(len(texts) / wall), "cpu": round(len(texts) / cpu)}


def interleaved(runs: dict[str, Callable[[], object]], size: float, repeats: int) -> dict[str, dict[str, float]]:
    """`size` units per CPU-second of each run, timed `repeats` times in turn: best, median and every one."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            cpu = time.process_time()
            run()
            times[name].append(time.process_time() - cpu)

    def show(rate: float) -> float:
        return round(rate) if rate >= 100 else round(rate, 2)

    out = {}
    for name, ts in times.items():
        rates = sorted(size / t for t in ts)
        out[name] = {"best": show(rates[-1]), "median": show(rates[len(rates) // 2])}
        out[name]["all"] = [show(r) for r in rates]
    return out


def norcorpus_speeds(model_path: str | None, model: LidModel, texts: list[str], repeats: int) -> dict:
    """Lines per CPU-second: batched (decoded matrix, the default), batched from the quantized matrix, and
    one call per line."""
    quantized = LidModel.load(model_path, decode=False)
    return interleaved(
        {
            "batched": lambda: model.predict_many(texts),
            "batched_quantized_matrix": lambda: quantized.predict_many(texts),
            "one_call_per_line": lambda: [model.predict(t) for t in texts],
        },
        len(texts),
        repeats,
    )


def tagger_docs(data: Path, mb: float, seed: int = 13) -> list[str]:
    """About `mb` MB of documents in the pipeline benchmark's mix, shuffled (seeded)."""
    docs = []
    for name in ("nob-giellalt", "sme", "nno", "nob"):
        with gzip.open(data / "lid" / "docs" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            docs += [json.loads(line)["text"] for line in fh]
    random.Random(seed).shuffle(docs)
    out, size = [], 0
    for text in docs:
        if size >= mb * 1e6:
            break
        out.append(text)
        size += len(text.encode())
    return out


def tagger_benchmark(model_path: str | None, data: Path, mb: float, repeats: int) -> dict:
    """The build's LID step before and after batching, the character cap and decoding (module docstring)."""
    docs = tagger_docs(data, mb)
    size = sum(len(t.encode()) for t in docs) / 1e6
    quantized, decoded = LidModel.load(model_path, decode=False), LidModel.load(model_path)
    before_config = LidConfig(model=model_path, max_chars_per_paragraph=0, first_read_chars=0)
    after_config = LidConfig(model=model_path)

    def before() -> list:
        return [label_document(t, quantized, before_config) for t in docs]

    def after() -> list:
        out: list = []
        start, chars = 0, 0
        for end, text in enumerate(docs, 1):  # batches of ~1 MB, as FastTextLidTagger makes them
            chars += len(text)
            if chars >= 1_000_000 or end == len(docs):
                out += label_documents(docs[start:end], decoded, after_config)
                start, chars = end, 0
        return out

    speeds = interleaved({"before": before, "after": after}, size, repeats)
    old, new = before(), after()
    paragraphs = [(p.lang, q.lang) for a, b in zip(old, new) for p, q in zip(a.paragraphs, b.paragraphs)]
    return {
        "documents": len(docs),
        "mb": round(size, 1),
        "max_chars_per_paragraph": after_config.max_chars_per_paragraph,
        "first_read_chars": after_config.first_read_chars,
        "settled_score": after_config.settled_score,
        "mb_per_cpu_second": speeds,
        "speedup_best": round(speeds["after"]["best"] / speeds["before"]["best"], 2),
        "agreement": {
            "lang": round(sum(a.lang == b.lang for a, b in zip(old, new)) / len(docs), 5),
            "lang_top": round(sum(a.top == b.top for a, b in zip(old, new)) / len(docs), 5),
            "lang_mixed": round(sum(a.mixed == b.mixed for a, b in zip(old, new)) / len(docs), 5),
            "paragraph_lang": round(sum(p == q for p, q in paragraphs) / len(paragraphs), 5),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="norcorpus model (default: the packaged one)")
    parser.add_argument("--systems", default="norcorpus,py3langid,lingua,pycld2")
    parser.add_argument("--data", type=Path, default=None, help="shared data dir (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    parser.add_argument("--repeats", type=int, default=3, help="timings of norcorpus (best and median)")
    parser.add_argument("--tagger-mb", type=float, default=10.0, help="MB of documents for the tagger (0: skip)")
    args = parser.parse_args(argv)
    data = args.data or shared_data()
    if not (data / "lid" / "dev.tsv.gz").is_file():
        print(json.dumps({"error": f"no LID data under {data}"}))
        return 2
    sets = eval_sets(data)
    many, _, model = norcorpus_system(args.model)
    lid_config = LidConfig(model=args.model)
    systems: dict[str, Callable[[list[str]], list[str]]] = {}
    for name in args.systems.split(","):
        if name == "norcorpus":
            systems[name] = many
            continue
        try:
            single = {"py3langid": py3langid_system, "lingua": lingua_system, "pycld2": pycld2_system}[name]()
        except ImportError as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        systems[name] = lambda texts, f=single: [f(t) for t in texts]

    results: dict = {"sets": {name: len(rows) for name, rows in sets.items()}, "systems": {}}
    # sentences: the dev rows that are not corpus-sme paragraphs (those are whole paragraphs), 3 times over
    speed_texts = [t for g, t in sets["dev"] if len(t) <= 300][:20000]
    for name, fn in systems.items():
        res: dict = {}
        for set_name, rows in sets.items():
            gold = [g for g, _ in rows]
            if set_name == "docs":
                if name == "norcorpus":
                    pred = [r.lang.value for r in label_documents([t for _, t in rows], model, lid_config)]
                else:
                    pred = fn([" ".join(t.split()) for _, t in rows])
            else:
                pred = fn([t for _, t in rows])
            res[set_name] = summarize(gold, pred)
        res["per_second_per_core"] = throughput(fn, speed_texts)
        if name == "norcorpus":
            res["lines_per_cpu_second"] = norcorpus_speeds(args.model, model, speed_texts, args.repeats)
            if args.tagger_mb > 0:
                res["tagger"] = tagger_benchmark(args.model, data, args.tagger_mb, args.repeats)
        results["systems"][name] = res
        print(f"done {name}", file=sys.stderr)
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "note": "shared machine; timings are noisy"}
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
