"""Near-duplicate dedup benchmark: norcorpus vs datasketch MinHashLSH vs datatrove's 4-stage MinHash.

A corpus is generated from ../shared/data/lid/docs (North Sámi and Bokmål documents of 150-3000 words) with
known families: each family base gets an exact copy, a copy with added boilerplate, one with a paragraph
dropped, and copies with 2%, 5% and 15% of the words replaced. Hard negatives are pairs of unrelated
documents that share only a boilerplate block. Every system runs in its own process (one core, so MB/s is per
core; peak RSS is the process's VmHWM) on the same JSONL file, end to end: norcorpus is the `norcorpus dedup`
code path (dedup_files: reads JSONL, writes the kept documents and clusters.parquet, removes its work folder)
and datatrove's run also writes its kept documents; MB/s is given per wall second and per CPU second.

Truth: the true Jaccard of word 5-gram sets (lower-cased `\\w+` words, Python sets, independent of the
systems' hashing) of every pair that is in a family, a hard-negative pair, or put in one cluster by any
system. Removal precision: removed documents whose true Jaccard with their cluster's kept representative is
>= t; removal recall: correct removals over the ideal number (each connected group of true pairs keeps one).
Pair precision / recall: document pairs in one cluster vs pairs with true Jaccard >= t (transitive clusters
make pair precision lower than removal precision for every system). t = 0.8 and 0.7 (norcorpus and datasketch run at threshold t; datatrove has no threshold, its 14x8 bands are fixed).

    python benchmarks/dedup_bench.py [--bases 1200] [--families 300] [--scale-check] > result.json
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NORCORPUS_SHARED_DATA", REPO.parent / "shared" / "data"))
_WORD = re.compile(r"\w+")
BOILER = [
    "Del denne artikkelen på Facebook Twitter LinkedIn E-post Skriv ut Abonner på nyhetsbrevet vårt",
    "Vi bruker informasjonskapsler for å gi deg en bedre brukeropplevelse Les mer om personvern her Godta alle",
    "Hjem Nyheter Sport Kultur Meninger Kontakt oss Om oss Annonser Tips oss Logg inn",
    "Copyright alle rettigheter forbeholdt Ansvarlig redaktør Redaksjonssjef Nettredaktør Telefon Sentralbord",
]
NEG_BOILER = (
    "Dette nettstedet bruker informasjonskapsler cookies til analyse og tilpasset innhold. Ved å fortsette å "
    "bruke nettstedet godtar du vår bruk av informasjonskapsler. Les mer i vår personvernerklæring. "
    "Meny Forside Nyheter Arkiv Kalender Kontakt Om oss Logg inn Registrer deg Søk Abonnement Annonsere "
    "Personvern Informasjonskapsler Tilgjengelighetserklæring Redaktøransvar Vær varsom-plakaten Klagemulighet "
    "Kopiering av innhold er ikke tillatt uten skriftlig samtykke fra redaksjonen Alle rettigheter reservert"
)


# -- corpus -------------------------------------------------------------------------------------------------

def _load_bases(n: int, seed: int) -> list[str]:
    texts: list[str] = []
    for name in ("sme.jsonl.gz", "nob-giellalt.jsonl.gz"):
        with gzip.open(SHARED / "lid/docs" / name, "rt", encoding="utf-8") as f:
            for line in f:
                t = json.loads(line)["text"]
                if 150 <= len(t.split()) <= 3000:
                    texts.append(t)
    texts = sorted(set(texts))
    random.Random(seed).shuffle(texts)
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} base documents available")
    return texts[:n]


def _edit(text: str, frac: float, rng: random.Random, vocab: list[str]) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, round(len(words) * frac))):
        words[i] = rng.choice(vocab)
    return " ".join(words)


def _drop_paragraph(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    if len(paras) >= 4:
        del paras[rng.randrange(1, len(paras))]
        return "\n\n".join(paras)
    words = text.split(" ")  # few paragraphs: drop a 10% run of words
    k = max(1, len(words) // 10)
    s = rng.randrange(0, len(words) - k)
    return " ".join(words[:s] + words[s + k :])


def generate(bases: int, families: int, negatives: int, seed: int) -> tuple[list[dict], dict]:
    rng = random.Random(seed)
    texts = _load_bases(bases, seed)
    vocab = sorted({w for t in texts[:200] for w in t.split()})
    docs: list[dict] = []
    fams: list[list[str]] = []
    for i, t in enumerate(texts):
        docs.append({"id": f"b{i}", "text": t})
    for i in range(families):
        t = texts[i]
        variants = {
            "copy": t,
            "boiler": rng.choice(BOILER) + "\n\n" + t + "\n\n" + rng.choice(BOILER),
            "droppara": _drop_paragraph(t, rng),
            "edit2": _edit(t, 0.02, rng, vocab),
            "edit5": _edit(t, 0.05, rng, vocab),
            "edit15": _edit(t, 0.15, rng, vocab),
        }
        fam = [f"b{i}"]
        for name, v in variants.items():
            docs.append({"id": f"b{i}-{name}", "text": v})
            fam.append(f"b{i}-{name}")
        fams.append(fam)
    neg_pairs = []
    for k in range(negatives):  # two unrelated bases that share only a boilerplate block
        a, b = families + 2 * k, families + 2 * k + 1
        for j in (a, b):
            docs[j]["text"] = docs[j]["text"] + "\n\n" + NEG_BOILER
        neg_pairs.append((f"b{a}", f"b{b}"))
    rng.shuffle(docs)
    return docs, {"families": fams, "hard_negatives": neg_pairs}


def shingles(text: str) -> set:
    w = _WORD.findall(text.lower())
    return {tuple(w[i : i + 5]) for i in range(max(1, len(w) - 4))}


def true_jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


# -- systems (each runs in its own process) -----------------------------------------------------------------

def _read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def run_norcorpus(inp: str, work: str, threshold: float) -> dict:
    """The `norcorpus dedup` code path (dedup_files) on one worker: reads the input, writes the kept documents
    and clusters.parquet, and removes its work folder; `times` has each executor run's seconds."""
    import pyarrow.parquet as pq

    from norcorpus.dedup import MinhashConfig
    from norcorpus.dedup.run import dedup_files
    from norcorpus.versions.executors import ExecutionConfig

    out = Path(work) / "out"
    times: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    dedup_files(Path(inp), out, MinhashConfig(threshold=threshold), ExecutionConfig(workers=1), timings=times)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    table = pq.read_table(out / "clusters.parquet", columns=["id", "cluster_id"]).to_pydict()
    return {"times": times, "signature_s": times["signatures"], "total_s": total, "cpu_s": cpu,
            "clusters": dict(zip(table["id"], table["cluster_id"], strict=True))}


def run_datasketch(inp: str, work: str, threshold: float) -> dict:
    from datasketch import MinHash, MinHashLSH

    docs = _read(inp)
    t0, c0 = time.perf_counter(), time.process_time()
    sigs = []
    for d in docs:
        m = MinHash(num_perm=128, seed=1)
        w = _WORD.findall(d["text"].lower())
        m.update_batch([" ".join(w[i : i + 5]).encode() for i in range(max(1, len(w) - 4))])
        sigs.append(m)
    t_sig = time.perf_counter() - t0
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    parent = list(range(len(docs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            ra, rb = find(i), find(j)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the earliest document represents the cluster
        lsh.insert(i, m)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"signature_s": t_sig, "total_s": total, "cpu_s": cpu,
            "clusters": {d["id"]: docs[find(i)]["id"] for i, d in enumerate(docs)}}


def run_datatrove(inp: str, work: str, threshold: float) -> dict:
    import struct

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.hashing import HashConfig

    cfg = MinhashConfig(hash_config=HashConfig(precision=64))  # datatrove's defaults: 5-grams, 14 x 8

    def reader():
        return JsonlReader(str(Path(inp).parent), glob_pattern=Path(inp).name)

    times = {}
    t_start, c0 = time.perf_counter(), time.process_time()  # from the first step built, as for norcorpus
    plan = [
        ("signature", [reader(), MinhashDedupSignature(f"{work}/sigs", config=cfg, language="nob")], 1),
        ("buckets", [MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=cfg)], cfg.num_buckets),
        ("cluster", [MinhashDedupCluster(f"{work}/buckets", f"{work}/remove", config=cfg, save_cluster_id=True)], 1),
        # the kept documents are written, as `norcorpus dedup` writes them (datatrove's default gzip)
        ("filter", [reader(), MinhashDedupFilter(f"{work}/remove"), JsonlWriter(f"{work}/kept")], 1),
    ]
    for name, pipeline, tasks in plan:
        t0 = time.perf_counter()
        LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=f"{work}/logs/{name}").run()
        times[name] = time.perf_counter() - t0
    total, cpu = time.perf_counter() - t_start, time.process_time() - c0
    ids = [d["id"] for d in _read(inp)]
    remove_f, clusters_f = Path(f"{work}/remove/000000.remove"), Path(f"{work}/remove/000000.clusters")
    removed = set(struct.unpack(f"<{remove_f.stat().st_size // 4}I", remove_f.read_bytes())) if remove_f.exists() else set()
    members: dict[int, list[int]] = {}
    if clusters_f.exists():
        raw = struct.unpack(f"<{clusters_f.stat().st_size // 4}I", clusters_f.read_bytes())
        for doc, cid in zip(raw[::2], raw[1::2]):
            members.setdefault(cid, []).append(doc)
    out = {i: i for i in ids}
    for docs in members.values():
        rep = next((d for d in docs if d not in removed), docs[0])
        for d in docs:
            out[ids[d]] = ids[rep]
    return {"times": times, "signature_s": times["signature"], "total_s": total, "cpu_s": cpu, "clusters": out}


SYSTEMS = {"norcorpus": run_norcorpus, "datasketch": run_datasketch, "datatrove": run_datatrove}


def _peak_rss_mb() -> float | None:
    """This process's own peak RSS (VmHWM). ru_maxrss from wait4 is not: a child started by vfork + exec
    inherits the parent's high-water mark, and the parent holds the generated corpora."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def child(system: str, inp: str, threshold: float, result: str) -> None:
    with tempfile.TemporaryDirectory(prefix=f"bench-{system}-") as work:
        res = SYSTEMS[system](inp, work, threshold)
    res["peak_rss_mb"] = _peak_rss_mb()
    Path(result).write_text(json.dumps(res))


def run_system(system: str, inp: Path, threshold: float, tmp: Path) -> dict:
    result = tmp / f"{system}-{threshold}.json"
    proc = subprocess.Popen([sys.executable, __file__, "--child", system, str(inp), str(threshold), str(result)])
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{system} failed with status {status}")
    res = json.loads(result.read_text())
    if res.get("peak_rss_mb") is None:  # no /proc: the kernel's figure (may include the parent's)
        res["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return res


# -- evaluation ---------------------------------------------------------------------------------------------

def evaluate(clusters: dict[str, str], truth: dict[tuple[str, str], float], t: float, negatives, neg_docs) -> dict:
    groups: dict[str, list[str]] = {}
    for doc, rep in clusters.items():
        groups.setdefault(rep, []).append(doc)
    pred = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    true = {p for p, j in truth.items() if j >= t}
    tp = len(pred & true)
    kept = {rep for rep in clusters.values()} | {d for d, r in clusters.items() if d == r}
    removed = [(d, r) for d, r in clusters.items() if d != r]
    good = sum(1 for d, r in removed if truth.get(tuple(sorted((d, r))), 0.0) >= t)
    # ideal removals: every true group (components of the J >= t graph) keeps exactly one document
    parent: dict[str, str] = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in true:
        parent[find(a)] = find(b)
    members = {x for p in true for x in p}
    should = len(members) - len({find(x) for x in members})
    return {
        "removal_precision": round(good / len(removed), 4) if removed else 1.0,
        "removal_recall": round(min(good, should) / should, 4) if should else 1.0,
        "pair_precision": round(tp / len(pred), 4) if pred else 1.0,
        "pair_recall": round(tp / len(true), 4) if true else 1.0,
        "pred_pairs": len(pred),
        "true_pairs": len(true),
        "removed": sum(1 for d, r in clusters.items() if d != r),
        "hard_negatives_removed": sum(1 for d in neg_docs if d not in kept),
        "hard_negative_pairs_merged": sum(1 for a, b in negatives if clusters[a] == clusters[b]),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bases", type=int, default=1200)
    ap.add_argument("--families", type=int, default=300)
    ap.add_argument("--negatives", type=int, default=100, help="hard-negative pairs")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--systems", default="norcorpus,datasketch,datatrove")
    ap.add_argument("--scale-check", action="store_true",
                    help="also run norcorpus on 4x the bases, in one file and in 4 files (peak RSS)")
    args = ap.parse_args()
    docs, truth_info = generate(args.bases, args.families, args.negatives, args.seed)
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp_s:
        tmp = Path(tmp_s)
        inp = tmp / "in.jsonl"
        with inp.open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        runs: dict[str, dict[float, dict]] = {}
        for system in args.systems.split(","):
            for t in (0.8, 0.7):
                if system == "datatrove" and t == 0.7:
                    runs[system][t] = runs[system][0.8]  # no threshold: the same run
                    continue
                runs.setdefault(system, {})[t] = run_system(system, inp, t, tmp)
        # truth over every pair that could matter
        text = {d["id"]: d["text"] for d in docs}
        cand = {tuple(sorted(p)) for fam in truth_info["families"] for p in itertools.combinations(fam, 2)}
        cand |= {tuple(sorted(p)) for p in truth_info["hard_negatives"]}
        for per_t in runs.values():
            for res in per_t.values():
                groups: dict[str, list[str]] = {}
                for d, r in res["clusters"].items():
                    groups.setdefault(r, []).append(d)
                for g in groups.values():
                    cand |= {tuple(sorted(p)) for p in itertools.combinations(g, 2)}
        sh: dict[str, set] = {}
        truth = {}
        for a, b in cand:
            sa = sh.setdefault(a, shingles(text[a]))
            sb = sh.setdefault(b, shingles(text[b]))
            truth[(a, b)] = true_jaccard(sa, sb)
        neg_docs = [d for p in truth_info["hard_negatives"] for d in p]
        neg_j = [truth[tuple(sorted(p))] for p in truth_info["hard_negatives"]]
        table = {}
        for system, per_t in runs.items():
            r8 = per_t[0.8]
            table[system] = {
                "signature_mb_s_per_core": round(mb / r8["signature_s"], 2),
                "end_to_end_mb_s_per_core": round(mb / r8["total_s"], 2),
                # CPU seconds of the run (one process, one core): steadier than wall time on a busy machine
                "end_to_end_mb_per_cpu_s": round(mb / r8["cpu_s"], 2),
                "signature_s": round(r8["signature_s"], 2),
                "total_s": round(r8["total_s"], 2),
                "cpu_s": round(r8["cpu_s"], 2),
                "stage_s": {k: round(v, 2) for k, v in r8.get("times", {}).items()},
                "peak_rss_mb": r8["peak_rss_mb"],
                **{f"at_{t}": evaluate(per_t[t]["clusters"], truth, t, truth_info["hard_negatives"], neg_docs)
                   for t in (0.8, 0.7)},
            }
        variant_j = {}
        for fam in truth_info["families"]:
            for v in fam[1:]:
                variant_j.setdefault(v.split("-", 1)[1], []).append(truth[tuple(sorted((fam[0], v)))])
        out = {
            "corpus": {"documents": len(docs), "mb": round(mb, 2), "bases": args.bases, "families": args.families,
                       "hard_negative_pairs": args.negatives,
                       "hard_negative_jaccard_max": round(max(neg_j), 3) if neg_j else None,
                       "variant_jaccard_to_base_median": {k: round(sorted(v)[len(v) // 2], 3) for k, v in variant_j.items()}},
            "machine": {"cpus": os.cpu_count(), "note": "one process per system, one core; shared machine: timings are noisy"},
            "systems": table,
        }
        if args.scale_check:
            # 1x, 4x in one file (one ingest task grows 4x), and 4x in four files of the 1x size: a corpus is
            # many bounded shards, so the last is how a worker's memory grows with the corpus
            scale = {}
            for name, factor, shards in (("1x", 1, 1), ("4x", 4, 1), ("4x_in_4_files", 4, 4)):
                d4, _ = generate(args.bases * factor, args.families * factor, args.negatives * factor, args.seed)
                p = tmp / f"scale-{name}"
                p.mkdir()
                for k in range(shards):
                    with (p / f"part{k}.jsonl").open("w", encoding="utf-8") as f:
                        for d in d4[k::shards]:
                            f.write(json.dumps(d, ensure_ascii=False) + "\n")
                r = run_system("norcorpus", p, 0.8, tmp)
                scale[name] = {"mb": round(sum(len(d["text"].encode()) for d in d4) / 1e6, 2),
                               "peak_rss_mb": r["peak_rss_mb"], "total_s": round(r["total_s"], 2),
                               "cpu_s": round(r["cpu_s"], 2)}
            out["norcorpus_scale"] = scale
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
