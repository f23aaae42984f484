"""MinHash near-dup dedup: the vectorized pieces, the stages on datatrove's executor, and `norcorpus dedup`."""

from __future__ import annotations

import functools
import gzip
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.io import get_datafolder
from pydantic import ValidationError

from norcorpus.cli import main
from norcorpus.dedup import MinhashConfig, MinhashStages
from norcorpus.dedup.exact import SourcePriority
from norcorpus.dedup.minhash_buckets import MinhashBuckets, bucket_pairs, index_pairs
from norcorpus.dedup.shingles import MinHasher, Shingler, jaccard
from norcorpus.errors import ConfigError


def _texts(shared_data: Path, n: int) -> list[str]:
    return _long_texts(shared_data)[:n]


@functools.lru_cache(maxsize=1)
def _long_texts(shared_data: Path) -> list[str]:
    with gzip.open(shared_data / "lid/docs/sme.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    return [t for t in texts if 300 <= len(t.split()) <= 1500][:50]


def _edit(text: str, frac: float, rng: random.Random) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, int(len(words) * frac))):
        words[i] = f"w{rng.randrange(10**9)}"
    return " ".join(words)


def test_shingles_ignore_case_and_punctuation_and_estimate_jaccard():
    sh = Shingler(5)
    assert np.array_equal(sh("Dat lea  buorre, ja dat lea ođas!"), sh("dat lea buorre ja dat lea ođas"))
    assert len(sh("")) == 0 and len(sh("okta guokte")) == 1  # shorter than n: one shingle
    rng = random.Random(3)
    base = " ".join(f"sátni{rng.randrange(5000)}" for _ in range(2000))
    other = _edit(base, 0.03, rng)
    a, b = sh(base), sh(other)
    true = jaccard(a, b)
    mh = MinHasher(64, 4, seed=1)
    est = float(np.mean(mh.signature(a) == mh.signature(b)))
    assert 0.6 < true < 0.95
    assert abs(est - true) < 0.08  # 256 values: standard error ~0.025
    assert np.array_equal(mh.signature(a), MinHasher(64, 4, seed=1).signature(a))  # same on every worker


def _reference_shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """The shingle definition, spelled out with the re module and Python sets (independent of the hashing)."""
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i : i + n]) for i in range(max(1, len(w) - n + 1))} if w else set()


def test_vectorized_shingles_are_the_word_5_grams_of_the_text(shared_data):
    sh = Shingler(5)
    texts = _texts(shared_data, 30)
    edge = ["", "  ,.!", "okta", "okta guokte golbma njeallje", "a b c d e", "a b c d e f", "x_y 12,5 ŊÁVDI Đ 😀 ok",
            "one\x00two three", "Σ Ω ω 𝐀𝐁𝐂 word " * 3]
    values, offsets = sh.batch(texts + edge)
    assert len(offsets) == len(texts) + len(edge) + 1
    for i, t in enumerate(texts + edge):
        got = values[offsets[i] : offsets[i + 1]]
        assert np.array_equal(got, sh(t))  # a text's shingles do not depend on the batch around it
        assert np.all(got[1:] > got[:-1])  # sorted, unique
        assert len(got) == len(_reference_shingles(t)), t[:40]  # one value per distinct word 5-gram
    rng = random.Random(8)
    for t in texts[:10]:  # hashed Jaccard == set Jaccard (32-bit collisions move it by < 1e-3)
        other = _edit(t, 0.02, rng)
        ra, rb = _reference_shingles(t), _reference_shingles(other)
        assert abs(jaccard(sh(t), sh(other)) - len(ra & rb) / len(ra | rb)) < 1e-3


def test_batched_minhash_equals_the_per_document_definition(shared_data):
    texts = _texts(shared_data, 12) + ["", "kort tekst"]
    values, offsets = Shingler(5).batch(texts)
    for bands, rows in ((20, 5), (64, 64)):  # 4096 permutations: blocks of 256 shingles split documents
        mh = MinHasher(bands, rows, seed=3)
        sigs = mh.signatures(values, offsets)
        for i in range(len(texts)):
            x = values[offsets[i] : offsets[i + 1]].astype(np.uint64)
            if len(x) == 0:
                assert np.all(sigs[i] == 0xFFFFFFFF)
                continue
            with np.errstate(over="ignore"):
                ref = ((x[:, None] * mh._a + mh._b) >> np.uint64(32)).min(axis=0)
            assert np.array_equal(sigs[i], ref.astype(np.uint32))
        bh = mh.band_hashes(sigs)
        assert bh.shape == (len(texts), bands) and np.array_equal(bh[1], mh.band_hashes(sigs[1]))
        same = sigs[0].reshape(bands, rows)[0].tolist() == sigs[1].reshape(bands, rows)[0].tolist()
        assert (bh[0, 0] == bh[1, 0]) == same


def test_signatures_are_the_same_bytes_in_another_process(shared_data):
    text = _texts(shared_data, 1)[0] + " Ĳ ǅ 😀 ΣΑΣ"
    code = (
        "import sys, numpy as np; from norcorpus.dedup.shingles import MinHasher, Shingler; "
        "s = Shingler(5)(sys.stdin.read()); mh = MinHasher(20, 5, 1); "
        "sys.stdout.write((s.tobytes() + mh.band_hashes(mh.signature(s)).tobytes()).hex())"
    )
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "123"}, encoding="utf-8")
    s = Shingler(5)(text)
    mh = MinHasher(20, 5, 1)
    assert out.stdout == (s.tobytes() + mh.band_hashes(mh.signature(s)).tobytes()).hex()


def test_signature_files_do_not_depend_on_the_batching(shared_data, tmp_path, monkeypatch):
    from norcorpus.dedup import minhash_signature

    texts = _texts(shared_data, 20) + ["", "!!", "to ord"]
    docs = [_doc(f"d{i}", t, "ncc") for i, t in enumerate(texts)]
    outputs = []
    for batch_chars in (1, 10_000, 1 << 30):  # one document per batch, a few, all at once
        monkeypatch.setattr(minhash_signature, "_BATCH_CHARS", batch_chars)
        folder = tmp_path / f"b{batch_chars}"
        step = MinhashStages(folder, MinhashConfig()).signature_step()
        assert [d.id for d in step.run(iter(docs))] == [d.id for d in docs]  # passed through in order
        outputs.append({p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()})
    # format.json, the bucket file (all bands), shingles .bin and .off, docs parquet
    assert len(outputs[0]) == 5 and outputs[0] == outputs[1] == outputs[2]


def test_an_index_of_another_signature_format_is_refused(tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    (index / "format.json").write_text(json.dumps({"format": 1, "ngram": 5, "bands": 20, "rows": 5, "seed": 1}))
    step = MinhashBuckets(str(tmp_path / "sigs"), str(tmp_path / "cand"), MinhashConfig(), str(index))
    with pytest.raises(ConfigError, match="another format"):
        step.run()
    (index / "format.json").unlink()  # written before format.json existed
    with pytest.raises(ConfigError, match="another format"):
        step.run()


def test_bucket_pairs_link_each_bucket_linearly():
    h = np.array([7, 3, 7, 7, 3, 9], dtype=np.uint64)
    k = np.array([10, 11, 12, 13, 14, 15], dtype=np.uint64)
    a, b = bucket_pairs(h, k)
    pairs = {tuple(sorted(p)) for p in zip(a.tolist(), b.tolist())}
    # bucket 3: {11, 14}; bucket 7: {10, 12, 13} as star from 10 + chain 12-13; 15 alone
    assert pairs == {(11, 14), (10, 12), (10, 13), (12, 13)}
    na, nb = index_pairs(np.array([3, 5], np.uint64), np.array([1, 2], np.uint64),
                         np.array([3, 3], np.uint64), np.array([90, 80], np.uint64))
    assert na.tolist() == [1] and nb.tolist() == [80]


def test_config_is_strict():
    with pytest.raises(ValidationError):
        MinhashConfig(treshold=0.7)
    with pytest.raises(ValidationError):
        MinhashConfig(threshold=0)


def _run(stages: MinhashStages, tasks: list[list[Document]], logs: Path, priority=None, table: Path | None = None):
    """The five stages on datatrove's LocalPipelineExecutor, one worker; returns the kept ids."""
    n = len(tasks)

    class TaskDocs:  # task r of the first and last run gets the r-th list
        def __call__(self, data, rank=0, world_size=1):
            yield from (Document(text=d.text, id=d.id, metadata=dict(d.metadata)) for d in tasks[rank])

    kept: list[str] = []

    def collect(data, rank=0, world_size=1):
        for doc in data:
            kept.append(doc.id)
            yield doc

    plan = [
        ([TaskDocs(), stages.signature_step(priority)], n),
        ([stages.buckets_stage(2)[0]], 2),
        ([stages.verify_stage()[0]], stages.verify_stage()[1]),
        ([stages.cluster_stage()[0]], 1),
        ([TaskDocs(), stages.filter_step(table), collect], n),
    ]
    for i, (pipeline, t) in enumerate(plan):
        LocalPipelineExecutor(pipeline, tasks=t, workers=1, logging_dir=str(logs / f"s{i}")).run()
    return kept


def _doc(doc_id: str, text: str, source: str) -> Document:
    return Document(text=text, id=doc_id, metadata={"source": source})


def test_priority_picks_the_survivor_and_clusters_span_tasks(shared_data, tmp_path):
    rng = random.Random(5)
    texts = _texts(shared_data, 6)
    web = [_doc(f"web{i}", _edit(t, 0.004, rng), "web") for i, t in enumerate(texts[:3])]
    ncc = [_doc(f"ncc{i}", t, "ncc") for i, t in enumerate(texts)]
    stages = MinhashStages(tmp_path / "w", MinhashConfig(partitions=2))
    kept = _run(stages, [web, ncc], tmp_path / "logs", SourcePriority({"web": 1, "ncc": 9}), tmp_path / "table")
    assert sorted(kept) == [f"ncc{i}" for i in range(6)]  # the web copies are in task 0 but lose on priority
    table = {r["id"]: r for p in sorted((tmp_path / "table").glob("*.parquet")) for r in pq.read_table(p).to_pylist()}
    assert table["web1"]["cluster_id"] == "ncc1" and table["web1"]["cluster_size"] == 2
    assert table["ncc5"] == {"id": "ncc5", "cluster_id": "ncc5", "cluster_size": 1}


def test_only_in_new_against_a_previous_version_index(shared_data, tmp_path):
    texts = _texts(shared_data, 6)
    old = MinhashStages(tmp_path / "v2", MinhashConfig(partitions=1))
    _run(old, [[_doc(f"v2-{i}", t, "ncc") for i, t in enumerate(texts[:3])]], tmp_path / "l2")
    # V3 repeats two V2 documents (one of them twice) and adds new ones; inside V3 the repeat is kept
    v3 = [_doc("a", texts[0], "ncc"), _doc("b", texts[1], "web"), _doc("c", texts[4], "web"),
          _doc("d", texts[5], "web"), _doc("d2", texts[5], "web")]
    new = MinhashStages(tmp_path / "v3", MinhashConfig(partitions=1), index=old.signatures, only_in_index=True)
    kept = _run(new, [v3], tmp_path / "l3", table=tmp_path / "t3")
    assert kept == ["c", "d", "d2"]
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "t3" / "00000.parquet").to_pylist()}
    assert rows["a"]["cluster_id"] == "v2-0" and rows["b"]["cluster_id"] == "v2-1"


def _cli(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 0


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def test_cli_dedup_end_to_end(shared_data, tmp_path, capsys):
    rng = random.Random(11)
    texts = _texts(shared_data, 12)
    boiler = " ".join(_texts(shared_data, 40)[30].split()[:60])  # shared boilerplate: ~15% of a document
    rows = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts[:8])]
    rows += [
        {"id": "copy0", "text": texts[0]},
        {"id": "edit1", "text": _edit(texts[1], 0.004, rng)},
        {"id": "far2", "text": _edit(texts[2], 0.15, rng)},  # Jaccard ~0.3: a different document now
        {"id": "neg1", "text": texts[8] + "\n\n" + boiler},
        {"id": "neg2", "text": texts[9] + "\n\n" + boiler},
    ]
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, rows)
    out = tmp_path / "out"
    _cli(["dedup", str(inp), str(out), "--workers", "1", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 13 and summary["removed"] == 2
    clusters = {r["id"]: r["cluster_id"] for r in pq.read_table(out / "clusters.parquet").to_pylist()}
    assert set(clusters) == {r["id"] for r in rows}
    assert clusters["copy0"] == "d0" and clusters["edit1"] == "d1"
    assert all(clusters[i] == i for i in clusters if i not in {"copy0", "edit1"})
    with gzip.open(out / "documents" / "00000.jsonl.gz", "rt") as f:
        kept = [json.loads(line) for line in f]
    assert sorted(d["id"] for d in kept) == sorted(set(clusters) - {"copy0", "edit1"})
    assert next(d for d in kept if d["id"] == "d0")["cluster_size"] == 2
    assert not (out / ".work").exists()


def test_cli_dedup_threshold_and_parquet_input(shared_data, tmp_path, capsys):
    import pyarrow as pa

    rng = random.Random(2)
    t = _texts(shared_data, 3)
    rows = [{"id": "a", "text": t[0]}, {"id": "b", "text": _edit(t[0], 0.03, rng)}, {"id": "c", "text": t[1]}]
    j = jaccard(Shingler(5)(rows[0]["text"]), Shingler(5)(rows[1]["text"]))
    assert 0.5 < j < 0.8
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    _cli(["dedup", str(tmp_path / "in.parquet"), str(tmp_path / "o8"), "--workers", "1", "--json"])
    assert json.loads(capsys.readouterr().out)["removed"] == 0
    _cli(["dedup", str(tmp_path / "in.parquet"), str(tmp_path / "o5"), "--threshold", str(round(j - 0.05, 3)),
          "--workers", "1", "--json"])
    assert json.loads(capsys.readouterr().out)["removed"] == 1


def test_cli_dedup_bad_input_is_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["dedup", str(tmp_path / "missing.jsonl"), str(tmp_path / "o")])
    assert exc.value.code == 2
    assert capsys.readouterr().err.startswith("ERROR: input")
    _write_jsonl(tmp_path / "bad.jsonl", [{"id": "x", "text": "hei"}, {"id": "y", "body": "no text"}])
    with pytest.raises(SystemExit) as exc:
        main(["dedup", str(tmp_path / "bad.jsonl"), str(tmp_path / "o2"), "--workers", "1"])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "has no `text` field" in err and "Traceback" not in err
    _write_jsonl(tmp_path / "dup.jsonl", [{"id": "x", "text": "hei hei"}, {"id": "x", "text": "buorre beaivi"}])
    with pytest.raises(SystemExit) as exc:
        main(["dedup", str(tmp_path / "dup.jsonl"), str(tmp_path / "o3"), "--workers", "1"])
    assert "ids are not unique" in capsys.readouterr().err


# -- the vectorized global stages ---------------------------------------------------------------------------


def _random_sets(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    """Sorted unique uint32 sets, many of them overlapping heavily (near-duplicates) and some empty."""
    base = np.unique(rng.integers(0, 5000, 300)).astype(np.uint32)
    sets = []
    for i in range(n):
        if i % 7 == 0:
            sets.append(np.empty(0, np.uint32))
        elif i % 2:
            keep = base[rng.random(len(base)) < 0.9]
            sets.append(np.union1d(keep, rng.integers(0, 5000, 20)).astype(np.uint32))
        else:
            sets.append(np.unique(rng.integers(0, 5000, rng.integers(1, 400))).astype(np.uint32))
    return sets


def test_batched_set_operations_equal_the_per_pair_definitions():
    from norcorpus.dedup.sets import (
        can_reach,
        chunk_bounds,
        group_intersections,
        jaccards,
        ranges,
        unique_pairs,
    )

    rng = np.random.default_rng(4)
    sets = _random_sets(rng, 40)
    values = np.concatenate(sets)
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sets])))
    ia, ib = rng.integers(0, 40, 500), rng.integers(0, 40, 500)
    got = jaccards(values, offsets, ia, ib)
    want = np.array([jaccard(sets[a], sets[b]) for a, b in zip(ia, ib)])
    assert np.array_equal(got, want)  # bit for bit: the same division as Python's
    for t in (0.5, 0.8, 0.9):  # the size bound never drops a pair that reaches the threshold
        lens = np.array([len(s) for s in sets])
        assert not np.any((want >= t) & ~can_reach(lens[ia], lens[ib], t))
    # all pairs of groups of sets (slots up to 24, as the cluster stage uses them)
    group = np.repeat(np.arange(3), [5, 24, 11])
    slot = np.concatenate([np.arange(5), np.arange(24), np.arange(11)])
    members = [list(range(5)), list(range(5, 29)), list(range(29, 40))]
    for g, inter in enumerate(group_intersections(values, offsets, group, slot, 3)):
        for i, a in enumerate(members[g]):
            for j, b in enumerate(members[g]):
                assert inter[i, j] == len(np.intersect1d(sets[a], sets[b]))
    a = rng.integers(0, 9, 300).astype(np.uint64)
    b = rng.integers(0, 9, 300).astype(np.uint64)
    ua, ub = unique_pairs(a, b)
    assert list(zip(ua.tolist(), ub.tolist())) == sorted(set(zip(a.tolist(), b.tolist())))
    assert [x.tolist() for x in unique_pairs(ua, ub)] == [ua.tolist(), ub.tolist()]  # sorted input kept
    starts, lengths = np.array([5, 0, 9, 2]), np.array([3, 0, 2, 1])
    assert ranges(starts, lengths).tolist() == [5, 6, 7, 9, 10, 2]
    bounds = chunk_bounds(np.array([3, 3, 9, 1, 1, 1]), 6)
    assert bounds == [(0, 2), (2, 3), (3, 6)]


def test_shingle_store_batch_reads_equal_the_files(shared_data, tmp_path):
    from norcorpus.dedup import layout
    from norcorpus.dedup.shingle_store import ShingleStore

    texts = _texts(shared_data, 30) + ["", "to ord"]
    stages = MinhashStages(tmp_path / "w", MinhashConfig())
    for task, part in enumerate((texts[:20], texts[20:])):
        list(stages.signature_step().run(iter([_doc(f"t{task}-{i}", t, "x") for i, t in enumerate(part)]), task))
    store = ShingleStore(get_datafolder(str(stages.signatures)))
    keys = layout.make_keys(0, np.array([0, 3, 4, 19]), False)
    keys = np.concatenate((keys, layout.make_keys(1, np.array([0, 10, 11]), False)))
    values, offsets = store.load(keys)
    for i, key in enumerate(keys.tolist()):
        _, task, pos = layout.split_key(key)
        want = Shingler(5)((texts[:20], texts[20:])[task][pos])
        assert np.array_equal(values[offsets[i] : offsets[i + 1]], want)
        assert np.array_equal(store.shingles(key), want)
    assert store.lengths(keys).tolist() == np.diff(offsets).tolist()


def test_signature_folder_of_another_format_is_refused(tmp_path):
    sigs = tmp_path / "sigs"
    sigs.mkdir()
    (sigs / "format.json").write_text(json.dumps({"format": 2, "ngram": 5, "bands": 20, "rows": 5, "seed": 1}))
    with pytest.raises(ConfigError, match="signature folder .* another format"):
        MinhashBuckets(str(sigs), str(tmp_path / "cand"), MinhashConfig()).run()


def _families(shared_data: Path) -> list[Document]:
    """Families of near-duplicates: one of 30 members (more than the cluster stage's all-pairs limit), small
    ones with a far member, and unrelated documents."""
    rng = random.Random(21)
    texts = _long_texts(shared_data)
    docs = [_doc(f"big{i:02d}", _edit(texts[0], 0.004, rng) if i else texts[0], "web") for i in range(30)]
    for f in range(1, 9):
        docs += [_doc(f"f{f}-{v}", _edit(texts[f], e, rng) if e else texts[f], "ncc" if v == 2 else "web")
                 for v, e in enumerate((0, 0, 0.004, 0.01, 0.15))]
    docs += [_doc(f"solo{i}", t, "web") for i, t in enumerate(texts[9:20])]
    random.Random(3).shuffle(docs)
    return docs


def _cluster_table(stages: MinhashStages) -> list[dict]:
    return [r for p in sorted((stages.work / "clusters").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


def test_verify_keeps_exactly_the_candidates_that_reach_the_threshold(shared_data, tmp_path):
    from norcorpus.dedup.shingle_store import ShingleStore

    docs = _families(shared_data)
    stages = MinhashStages(tmp_path / "w", MinhashConfig(partitions=3))
    list(stages.signature_step().run(iter(docs)))
    stages.buckets_stage(1)[0].run()
    stages.verify_stage()[0].run()
    store = ShingleStore(get_datafolder(str(stages.signatures)))
    kept = total = 0
    for part in range(3):
        cand = np.concatenate([np.fromfile(p, dtype=[("a", "<u8"), ("b", "<u8")])
                               for p in sorted((stages.work / "candidates" / f"{part:05d}").glob("*.pairs"))])
        edges = np.fromfile(stages.work / "edges" / f"{part:05d}.edges", dtype=[("a", "<u8"), ("b", "<u8"), ("j", "<f4")])
        want = sorted({(a, b) for a, b in zip(cand["a"].tolist(), cand["b"].tolist())
                       if jaccard(store.shingles(a), store.shingles(b)) >= 0.8})
        assert list(zip(edges["a"].tolist(), edges["b"].tolist())) == want
        kept, total = kept + len(want), total + len(set(zip(cand["a"].tolist(), cand["b"].tolist())))
    assert 0 < kept < total  # some candidates are rejected, most near-duplicates kept


def test_global_stages_fused_chunked_or_split_cluster_alike(shared_data, tmp_path, monkeypatch):
    from norcorpus.dedup import minhash_cluster, minhash_verify

    docs = _families(shared_data)
    priority = SourcePriority({"web": 1, "ncc": 5})
    tables = []
    for name, workers, chunk in (("split", 2, None), ("fused", 1, None), ("tiny-chunks", 1, 700)):
        if chunk:
            monkeypatch.setattr(minhash_verify, "CHUNK_VALUES", chunk)
            monkeypatch.setattr(minhash_cluster, "CHUNK_VALUES", chunk)
        stages = MinhashStages(tmp_path / name, MinhashConfig(partitions=3))
        LocalPipelineExecutor([lambda data, rank=0, world_size=1: iter(docs), stages.signature_step(priority)],
                              tasks=1, workers=1, logging_dir=str(tmp_path / name / "l0")).run()
        runs = stages.global_runs(workers)
        assert len(runs) == (1 if workers == 1 else 3)
        for run_name, pipeline, tasks in runs:
            LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=str(tmp_path / name / run_name)).run()
        tables.append(_cluster_table(stages))
    assert tables[0] == tables[1] == tables[2]
    rows = {r["id"]: r for r in tables[0]}
    big = [r for i, r in rows.items() if i.startswith("big")]
    # the 30 copies are one star around the first in key order (same priority): documents' stream order
    assert len(big) == 30 and {r["cluster_size"] for r in big} == {30}
    assert len({r["cluster_id"] for r in big}) == 1 and sum(r["keep"] for r in big) == 1
    for f in range(1, 9):  # the higher-priority copy represents its family; the 15% edit stays apart
        assert rows[f"f{f}-0"]["cluster_id"] == f"f{f}-2" and rows[f"f{f}-0"]["exact_copy"] is False
        assert f"f{f}-4" not in rows or rows[f"f{f}-4"]["cluster_id"] == f"f{f}-4"
    assert not any(i.startswith("solo") for i in rows)


def test_bucket_windows_find_the_same_candidates_as_one_window(tmp_path):
    from norcorpus.dedup.minhash_verify import read_pairs

    rng = random.Random(9)
    words = [f"sátni{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(words) for _ in range(40)) for _ in range(1100)]
    texts += [_edit(t, 0.03, rng) for t in texts[:200]]  # near copies: shared bands
    docs = [_doc(f"d{i}", t, "x") for i, t in enumerate(texts)]
    found = []
    for window in (1000, 2_000_000):  # 1300 records per band: two windows, or one
        stages = MinhashStages(tmp_path / str(window), MinhashConfig(window_records=window, partitions=2))
        list(stages.signature_step().run(iter(docs[:700]), 0))  # two ingest tasks: windows of two files
        list(stages.signature_step().run(iter(docs[700:]), 1))
        stages.buckets_stage(1)[0].run()
        pairs = set()
        for part in range(2):
            a, b = read_pairs(get_datafolder(str(stages.work / "candidates")), [f"{part:05d}/r00000.pairs"])
            pairs |= set(zip(a.tolist(), b.tolist()))
        found.append(pairs)
    assert len(found[0]) > 150 and found[0] == found[1]  # ~one pair per near copy


def test_bucket_file_holds_every_band_in_turn(shared_data, tmp_path):
    texts = _texts(shared_data, 12) + ["", "to ord"]
    stages = MinhashStages(tmp_path / "w", MinhashConfig())
    list(stages.signature_step().run(iter([_doc(f"d{i}", t, "x") for i, t in enumerate(texts)])))
    records = np.fromfile(stages.signatures / "buckets" / "00000.sig", dtype=[("h", "<u8"), ("doc", "<u4")])
    mh = MinHasher(20, 5, 1)
    with_shingles = [i for i, t in enumerate(texts) if len(Shingler(5)(t))]  # "" has none
    bands = np.array([mh.band_hashes(mh.signature(Shingler(5)(texts[i]))) for i in with_shingles])
    sections = records.reshape(20, len(with_shingles))
    for b in range(20):
        want = sorted(zip(bands[:, b].tolist(), with_shingles))
        assert list(zip(sections[b]["h"].tolist(), sections[b]["doc"].tolist())) == want
