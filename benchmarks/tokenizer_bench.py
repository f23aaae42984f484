"""Tokenizer benchmark: SentencePiece training time and peak RSS at 64k and 158k on a >= 200 MB sample,
and encode throughput per core, sentencepiece vs tokenizers (the HF export), with an id-agreement check.

The sample comes from ../shared/data (or $NORCORPUS_SHARED_DATA): lid/train.tsv.gz rows and the
lid/docs/*.jsonl.gz documents, written once as a JSONL corpus under --work and sampled by the preset's
language weights up to --sample-mb million characters (>= that many MB of UTF-8); where the data is
smaller than the budget, the sampler repeats it, as it does for real corpora. lid/dev.tsv.gz is kept
out of training and used for the encode measurement.

Each training runs in its own process (peak RSS = that process's ru_maxrss) with --threads threads and
a time limit; a run that hits it is reported as such. Prints one JSON object.

    python benchmarks/tokenizer_bench.py                        # 64k and 158k on 200 MB, 2 threads
    python benchmarks/tokenizer_bench.py --sizes 64k --sample-mb 50 --repeat 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    return Path(os.environ.get("NORCORPUS_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def build_corpus(data: Path, work: Path) -> tuple[Path, dict]:
    """JSONL corpus (text, lang) from the LID train rows and documents; written once, reused."""
    corpus = work / "corpus"
    done = corpus / "_DONE.json"
    if done.is_file():
        return corpus, json.loads(done.read_text())
    corpus.mkdir(parents=True, exist_ok=True)
    chars: dict[str, int] = {}
    with open(corpus / "part-0.jsonl", "w", encoding="utf-8") as out:
        with gzip.open(data / "lid" / "train.tsv.gz", "rt", encoding="utf-8", newline="\n") as fh:
            for line in fh:
                lang, text = line.rstrip("\n").split("\t")[:2]
                out.write(json.dumps({"text": text, "lang": lang}, ensure_ascii=False) + "\n")
                chars[lang] = chars.get(lang, 0) + len(text)
        for path in sorted((data / "lid" / "docs").glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    doc = json.loads(line)
                    if doc.get("split", "train") != "train":
                        continue  # keep the dev documents out, as dev.tsv.gz is the encode text
                    out.write(
                        json.dumps({"text": doc["text"], "lang": doc["lang"]}, ensure_ascii=False) + "\n"
                    )
                    chars[doc["lang"]] = chars.get(doc["lang"], 0) + len(doc["text"])
    info = {"unique_chars": sum(chars.values()), "chars_by_lang": dict(sorted(chars.items()))}
    done.write_text(json.dumps(info))
    return corpus, info


def dev_texts(data: Path) -> list[str]:
    with gzip.open(data / "lid" / "dev.tsv.gz", "rt", encoding="utf-8", newline="\n") as fh:
        return [line.rstrip("\n").split("\t")[1] for line in fh]


# ---------------------------------------------------------------- child processes


def child_train(args: argparse.Namespace) -> None:
    from norcorpus.tokenizer.preset import load_preset
    from norcorpus.tokenizer.trainer import train_tokenizer

    preset = load_preset(args.size).with_overrides(
        max_chars=int(args.sample_mb * 1_000_000), num_threads=args.threads
    )
    t0 = time.perf_counter()
    result = train_tokenizer(Path(args.corpus), preset, Path(args.out), force=True)
    wall = time.perf_counter() - t0
    rep = result.report
    print(
        json.dumps(
            {
                "vocab_size": rep["vocab_size"],
                "sample_chars": rep["sample"]["sampled_chars"],
                "sample_mb_utf8": round(rep["sample"]["sampled_bytes"] / 1e6, 1),
                "sample_sentences": rep["sample"]["sampled_sentences"],
                "sample_chars_by_lang": {
                    k: v["sampled_chars"] for k, v in rep["sample"]["languages"].items()
                },
                "seconds": rep["seconds"] | {"total": round(wall, 2)},
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def child_encode(args: argparse.Namespace) -> None:
    # one thread each: the env var must be set before tokenizers starts its thread pool
    os.environ["RAYON_NUM_THREADS"] = "1"
    import sentencepiece as spm

    from norcorpus.tokenizer.loader import load_hf

    texts = dev_texts(Path(args.data))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    sp = spm.SentencePieceProcessor(model_file=str(Path(args.tokenizer) / "tokenizer.model"))
    hf = load_hf(Path(args.tokenizer) / "tokenizer.json")

    def run_sp():
        return sp.encode(texts, num_threads=1)

    def run_hf():
        return [e.ids for e in hf.encode_batch_fast(texts, add_special_tokens=False)]

    out: dict = {"text_mb": round(mb, 2), "rows": len(texts)}
    ids = {}
    for name, fn in (("sentencepiece", run_sp), ("tokenizers", run_hf)):
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            ids[name] = fn()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        times.sort()
        out[name] = {
            "mb_per_s_per_core_best": round(mb / times[0], 2),
            "mb_per_s_per_core_median": round(mb / times[len(times) // 2], 2),
            # CPU seconds of this one-thread process: less sensitive to other load on a shared machine
            "mb_per_cpu_s_best": round(mb / min(cpu), 2),
            "seconds": [round(t, 3) for t in times],
        }
    out["id_mismatch_rows"] = sum(
        a != b for a, b in zip(ids["sentencepiece"], ids["tokenizers"], strict=True)
    )
    out["tokens"] = sum(map(len, ids["sentencepiece"]))
    print(json.dumps(out))


# ---------------------------------------------------------------- driver


def run_child(argv: list[str], timeout: float) -> dict:
    cmd = [sys.executable, __file__, *argv]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "timed_out", "limit_s": round(timeout), "command": " ".join(cmd)}
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {
            "status": "failed",
            "returncode": proc.returncode,
            "error": tail,
            "wall_s": round(time.perf_counter() - t0, 1),
        }
    return {"status": "ok", **json.loads(proc.stdout.strip().splitlines()[-1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", choices=["train", "encode"], help=argparse.SUPPRESS)
    ap.add_argument("--sizes", default="64k,158k", help="Presets to train (comma-separated).")
    ap.add_argument("--sample-mb", type=float, default=200.0, help="Sample budget, millions of characters.")
    ap.add_argument("--threads", type=int, default=2, help="SentencePiece training threads.")
    ap.add_argument("--time-limit", type=float, default=1500.0, help="Seconds for all trainings together.")
    ap.add_argument("--repeat", type=int, default=3, help="Encode timing repetitions.")
    ap.add_argument(
        "--encode-only", action="store_true", help="Skip training; time the tokenizers in --work."
    )
    ap.add_argument("--work", default="/tmp/norcorpus-tokenizer-bench", help="Corpus cache and outputs.")
    ap.add_argument("--data", default=str(shared_data()))
    (
        ap.add_argument("--corpus"),
        ap.add_argument("--out"),
        ap.add_argument("--size"),
        ap.add_argument("--tokenizer"),
    )
    args = ap.parse_args()
    if args.child == "train":
        return child_train(args)
    if args.child == "encode":
        return child_encode(args)

    data, work = Path(args.data), Path(args.work)
    if not (data / "lid" / "train.tsv.gz").is_file():
        sys.exit(f"shared data not found at {data} (set NORCORPUS_SHARED_DATA)")
    t0 = time.perf_counter()
    corpus, info = build_corpus(data, work)
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg_start": os.getloadavg(),
        },
        "corpus": {"path": str(corpus), "build_s": round(time.perf_counter() - t0, 1), **info},
        "sample_mb": args.sample_mb,
        "threads": args.threads,
        "train": {},
        "encode": {},
    }
    deadline = time.monotonic() + args.time_limit
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in [] if args.encode_only else sizes:
        left = deadline - time.monotonic()
        out = work / f"tok-{size}"
        argv = ["--child", "train", "--size", size, "--corpus", str(corpus), "--out", str(out)]
        argv += ["--sample-mb", str(args.sample_mb), "--threads", str(args.threads)]
        result["train"][size] = run_child(argv, max(left, 1)) if left > 1 else {"status": "not_started"}
        print(f"trained {size}: {result['train'][size]}", file=sys.stderr, flush=True)
    for size in sizes:
        if args.encode_only or result["train"][size]["status"] == "ok":
            argv = ["--child", "encode", "--tokenizer", str(work / f"tok-{size}"), "--data", str(data)]
            result["encode"][size] = run_child(argv + ["--repeat", str(args.repeat)], 1800)
    result["machine"]["load_avg_end"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
