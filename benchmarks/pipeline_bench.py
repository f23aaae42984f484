"""The full pipeline, norcorpus vs an equivalent plain-datatrove pipeline, 1 vs 2 workers, in one run.

Input: generated JSONL.zst shards of real Bokmål, Nynorsk and North Sámi documents from
../shared/data/lid/docs (with 10 % exact copies and 7 % near copies that carry an extra share line).

- norcorpus: `norcorpus build` of a generic source: read zst → Sámi repair, ftfy, NFC/whitespace,
  boilerplate → fastText LID (paragraphs) → PII redaction (checksums) → Gopher/C4/FineWeb quality tags →
  decisions → MinHash (signatures, buckets, true-Jaccard verification, clusters) → Parquet (zstd).
- datatrove: JsonlReader → FTFYFormatter → PIIFormatter → FastTextClassifierFilter (the same fastText model)
  → GopherRepetitionFilter → GopherQualityFilter → C4QualityFilter → FineWebQualityFilter (word tokenizer:
  spaCy nb) → JsonlWriter + MinhashDedupSignature → buckets → cluster → MinhashDedupFilter → ParquetWriter.

Each system runs in its own process; MB/s per core = input MB / wall seconds / workers, and MB per CPU-second
from the child's CPU time (which misses datatrove's forkserver workers at 2 workers: compare wall times). The datatrove baseline is slower by an order of magnitude, so it reads the first
`--baseline-mb` of the shards (its MB/s is a rate, comparable).

    python benchmarks/pipeline_bench.py [--mb 100] [--baseline-mb 20] > pipeline.json

The datatrove baseline needs the `bench` extra (`pip install -e ".[bench]"`: spaCy, fasteners).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zstandard

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NORCORPUS_SHARED_DATA", REPO.parent / "shared" / "data"))
MODEL = REPO / "norcorpus" / "lid" / "models" / "norcorpus-lid.ftz"
SHARE = "Del denne artikkelen på Facebook, Twitter og LinkedIn"
SHARD_MB = 8


def make_shards(out: Path, mb: float) -> list[Path]:
    """JSONL.zst shards of about SHARD_MB each, `mb` MB of text in all."""
    docs = []
    for name in ("nob-giellalt", "sme", "nno", "nob"):
        with gzip.open(SHARED / "lid" / "docs" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            docs += [json.loads(line)["text"] for line in handle]
    out.mkdir(parents=True, exist_ok=True)
    shards, lines, size, total, n = [], [], 0, 0, 0
    target = mb * 1e6
    while total < target:
        for text in docs:
            if total >= target:
                break
            n += 1
            variants = [text]
            if n % 10 == 0:
                variants.append(text)  # exact copy
            if n % 15 == 0:
                variants.append(text + "\n\n" + SHARE)  # near copy
            for v in variants:
                lines.append(json.dumps({"id": f"d{n}-{len(lines)}", "text": v}, ensure_ascii=False))
                b = len(v.encode())
                size += b
                total += b
            if size >= SHARD_MB * 1e6:
                shards.append(_write(out, len(shards), lines))
                lines, size = [], 0
    if lines:
        shards.append(_write(out, len(shards), lines))
    return shards


def _write(out: Path, index: int, lines: list[str]) -> Path:
    path = out / f"part-{index:04d}.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor(level=3).compress(("\n".join(lines) + "\n").encode()))
    return path


def _text_mb(shards: list[Path]) -> float:
    total = 0
    for path in shards:
        for line in zstandard.ZstdDecompressor().decompress(path.read_bytes(), max_output_size=1 << 31).splitlines():
            total += len(json.loads(line)["text"].encode())
    return total / 1e6


def run_norcorpus(shards: list[Path], work: Path, workers: int) -> dict:
    manifest = work / "m.yaml"
    manifest.write_text(json.dumps({
        "version": "Bench",
        "tasks": len(shards),
        "sources": [{"name": "web", "format": "generic", "paths": [str(s) for s in shards]}],
    }))
    cmd = [str(Path(sys.executable).parent / "norcorpus"), "build", str(manifest), "--out", str(work / "out"),
           "--workers", str(workers), "--json"]
    return _timed(cmd)


DATATROVE_CHILD = r'''
import sys, json
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter
from datatrove.pipeline.formatters import FTFYFormatter, PIIFormatter
from datatrove.pipeline.filters import (C4QualityFilter, FastTextClassifierFilter, FineWebQualityFilter,
                                        GopherQualityFilter, GopherRepetitionFilter)
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                              MinhashDedupFilter, MinhashDedupSignature)
from datatrove.utils.hashing import HashConfig

if __name__ == "__main__":  # datatrove's forkserver workers re-import this module
    files, work, workers, model = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    tasks = len(files)
    with open(f"{work}/paths.txt", "w") as f:
        f.write("\n".join(files) + "\n")
    cfg = MinhashConfig(hash_config=HashConfig(precision=64), num_buckets=14, hashes_per_bucket=8)
    lang = "nb"
    stage1 = LocalPipelineExecutor([
        JsonlReader("/", paths_file=f"{work}/paths.txt", compression="zstd"),
        FTFYFormatter(), PIIFormatter(),
        FastTextClassifierFilter(model, keep_labels=[("nob", 0.5), ("nno", 0.5), ("sme", 0.5)]),
        GopherRepetitionFilter(language=lang), GopherQualityFilter(language=lang), C4QualityFilter(language=lang),
        FineWebQualityFilter(language=lang),
        JsonlWriter(f"{work}/kept", output_filename="${rank}.jsonl.gz"),
        MinhashDedupSignature(f"{work}/sigs", config=cfg, language=lang),
    ], tasks=tasks, workers=workers, logging_dir=f"{work}/logs1")
    stage2 = LocalPipelineExecutor([MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=cfg)],
                                   tasks=cfg.num_buckets, workers=workers, logging_dir=f"{work}/logs2")
    stage3 = LocalPipelineExecutor([MinhashDedupCluster(f"{work}/buckets", f"{work}/remove", config=cfg)],
                                   tasks=1, logging_dir=f"{work}/logs3")
    stage4 = LocalPipelineExecutor([
        JsonlReader(f"{work}/kept"), MinhashDedupFilter(f"{work}/remove"),
        ParquetWriter(f"{work}/out", compression="zstd"),
    ], tasks=tasks, workers=workers, logging_dir=f"{work}/logs4")
    for stage in (stage1, stage2, stage3, stage4):
        stage.run()
'''


def run_datatrove(shards: list[Path], work: Path, workers: int) -> dict:
    script = work / "child.py"
    script.write_text(DATATROVE_CHILD)
    files = json.dumps([str(s) for s in shards])
    return _timed([sys.executable, str(script), files, str(work), str(workers), str(MODEL)])


CALIBRATION_CHILD = "import time\nt = time.process_time()\nx = 0\nfor i in range(30_000_000):\n    x += i\nprint(time.process_time() - t)\n"


def calibration(processes: int) -> float:
    """CPU seconds of a fixed pure-Python loop, run in `processes` processes at once (the mean).

    The machine's own speed: on a shared virtual machine it drifts (this project's 2-core VM ran the same
    loop in 1.53 s and, an hour later, 1.7 s alone and 1.85 s two at a time), and so does every figure of
    the run; compare runs by their ratios to datatrove, or scale them by this."""
    procs = [subprocess.Popen([sys.executable, "-c", CALIBRATION_CHILD], stdout=subprocess.PIPE, text=True)
             for _ in range(processes)]
    return round(sum(float(p.communicate()[0]) for p in procs) / processes, 3)


def _timed(cmd: list[str]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
            "stdout": proc.stdout}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--baseline-mb", type=float, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--systems", nargs="+", default=["norcorpus", "datatrove"], choices=["norcorpus", "datatrove"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        root = Path(tmp)
        shards = make_shards(root / "shards", args.mb)
        mb = _text_mb(shards)
        n_base = max(1, round(len(shards) * args.baseline_mb / mb))
        base_shards = shards[:n_base]
        base_mb = _text_mb(base_shards)
        results = {"input": {"shards": len(shards), "text_mb": round(mb, 1), "baseline_shards": n_base,
                             "baseline_text_mb": round(base_mb, 1), "cpus": os.cpu_count(),
                             "load_avg_at_start": os.getloadavg()},
                   "calibration_loop_s": {"1_process": calibration(1), "2_processes": calibration(2)},
                   "runs": []}
        for workers in args.workers:
            if "norcorpus" in args.systems:
                work = root / f"nc-{workers}"
                work.mkdir()
                r = run_norcorpus(shards, work, workers)
                stats = json.loads(r.pop("stdout"))
                results["runs"].append({
                    "system": "norcorpus", "workers": workers, "text_mb": round(mb, 1), **r,
                    "mb_per_s_per_core": round(mb / r["wall_s"] / workers, 3),
                    "mb_per_cpu_s": round(mb / r["cpu_s"], 3),
                    "read": stats["totals"]["read"], "kept": stats["totals"]["kept"], "dropped": stats["dropped"],
                    "accounting_closed": all(c["read"] == c["kept"] + sum(c["dropped"].values())
                                             for c in stats["sources"].values()),
                })
                print(json.dumps(results["runs"][-1]), file=sys.stderr)
            if "datatrove" in args.systems:
                work = root / f"dt-{workers}"
                work.mkdir()
                r = run_datatrove(base_shards, work, workers)
                r.pop("stdout")
                results["runs"].append({
                    "system": "datatrove", "workers": workers, "text_mb": round(base_mb, 1), **r,
                    "mb_per_s_per_core": round(base_mb / r["wall_s"] / workers, 3),
                    "mb_per_cpu_s": round(base_mb / r["cpu_s"], 3),
                })
                print(json.dumps(results["runs"][-1]), file=sys.stderr)
        by = {(r["system"], r["workers"]): r for r in results["runs"]}
        results["speedup_vs_datatrove"] = {
            str(w): round(by[("norcorpus", w)]["mb_per_s_per_core"] / by[("datatrove", w)]["mb_per_s_per_core"], 2)
            for w in args.workers if ("datatrove", w) in by and ("norcorpus", w) in by
        }
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
