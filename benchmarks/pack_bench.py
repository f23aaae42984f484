"""Pack throughput: `norcorpus pack` vs the raw tokenizer, vs an LLM-Foundry-style converter, in one run.

    python benchmarks/pack_bench.py [--mb 40] [--workers 2] [--seq-len 2048] [--repeat 2]

Text: the realistic documents of ../shared/data/lid/docs (North Sámi, Nynorsk, Bokmål, ...; or
$NORCORPUS_SHARED_DATA), written as a corpus version (data/lang=*/source=*/part-*.parquet); without the
shared data, the embedded sample build repeated. Tokenizer: a SentencePiece BPE trained on that text.
Compared on the same text and tokenizer, each run:

- raw_tokenizer: `SentencePieceProcessor.encode(texts, num_threads=workers)` on texts already in memory,
  the upper bound of any packer (nothing read, nothing written);
- norcorpus_pack: `norcorpus.pack.pack` end to end with `workers` processes (read Parquet, tokenize,
  mix, shuffle, pack, write zstd MDS, index); target ≥ 0.8x raw_tokenizer;
- foundry_style: what LLM Foundry's convert_dataset_hf --concat_tokens does, in one process: per document
  encode, append BOS/EOS to a buffer, emit seq_len slices, streaming's MDSWriter (needs mosaicml-streaming).

Prints JSON. Timings on a shared machine are noisy: run it at least twice and compare runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (datatrove's worker processes): a figure less
    sensitive than wall time to the other jobs of a shared machine."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def shared_data() -> Path:
    return Path(os.environ.get("NORCORPUS_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def make_corpus(root: Path, megabytes: float, parts_per_lang: int = 4) -> tuple[Path, int]:
    """A corpus version directory with about `megabytes` of UTF-8 text; returns it and its document count."""
    docs_dir = shared_data() / "lid" / "docs"
    by_lang: dict[str, list[dict]] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.glob("*.jsonl.gz")):
            lang = path.name.split(".")[0]
            if "-" in lang:
                continue
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                by_lang[lang] = [json.loads(line) for line in fh]
    else:
        import polars as pl

        from norcorpus.versions.build import BuildOptions, build
        from norcorpus.versions.catalog import resolve_manifest
        from norcorpus.versions.executors import ExecutionConfig
        from norcorpus.versions.manifest import load_manifest

        build(load_manifest(resolve_manifest("V3")), BuildOptions(out=root / "sample", sample=True,
                                                                   execution=ExecutionConfig(workers=1)))
        df = pl.read_parquet(root / "sample" / "V3" / "data" / "**" / "*.parquet")
        for row in df.select("id", "text", pl.col("lang").cast(pl.Utf8)).iter_rows(named=True):
            by_lang.setdefault(row["lang"], []).append(row)
    budget = int(megabytes * 1e6)
    pool = [(lang, d) for lang in sorted(by_lang) for d in by_lang[lang]]
    rows: dict[str, list[tuple[str, str]]] = {}
    size, copy = 0, 0
    while size < budget:  # repeat the pool (with new ids) until the budget is met
        for lang, doc in pool:
            text = doc["text"]
            rows.setdefault(lang, []).append((f"{doc['id']}#{copy}", text))
            size += len(text.encode())
            if size >= budget:
                break
        copy += 1
    corpus = root / "V-bench"
    n = 0
    for lang, items in rows.items():
        for part in range(parts_per_lang):
            chunk = items[part::parts_per_lang]
            if not chunk:
                continue
            out = corpus / "data" / f"lang={lang}" / "source=bench" / f"part-{part:05d}.parquet"
            out.parent.mkdir(parents=True, exist_ok=True)
            table = pa.table({"id": [i for i, _ in chunk], "text": [t for _, t in chunk],
                              "source": ["bench"] * len(chunk), "lang": [lang] * len(chunk)})
            pq.write_table(table, out, compression="zstd")
            n += len(chunk)
    return corpus, n


def read_texts(corpus: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted((corpus / "data").glob("lang=*/source=*/*.parquet")):
        texts += pq.read_table(path, columns=["text"])["text"].to_pylist()
    return texts


def train_tokenizer(corpus: Path, out: Path, vocab_size: int) -> Path:
    import sentencepiece as spm

    if (out / "tokenizer.model").is_file():  # --workdir reused: same corpus, same tokenizer
        return out
    texts = read_texts(corpus)
    sample = texts[:: max(1, len(texts) // 3000)]
    out.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sample), model_prefix=str(out / "tokenizer"), model_type="bpe",
        vocab_size=vocab_size, byte_fallback=True, hard_vocab_limit=False, character_coverage=0.9995,
        unk_id=0, bos_id=1, eos_id=2, pad_id=3, pad_piece="<pad>", num_threads=2, minloglevel=2,
        max_sentence_length=1 << 20, input_sentence_size=200_000, shuffle_input_sentence=True,
    )
    return out


def raw_tokenizer(texts: list[str], model: Path, workers: int) -> dict:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model))
    start, cpu = time.perf_counter(), cpu_seconds()
    ids = sp.encode(texts, num_threads=workers)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    tokens = sum(len(x) + 2 for x in ids)  # counted as packed: with BOS and EOS
    return {"seconds": round(seconds, 3), "tokens": tokens, "tokens_per_second": round(tokens / seconds),
            "tokens_per_cpu_second": round(tokens / cpu)}


def norcorpus_pack(corpus: Path, tokenizer: Path, out: Path, seq_len: int, workers: int) -> dict:
    from norcorpus.pack import PackConfig, pack
    from norcorpus.versions.executors import ExecutionConfig

    shutil.rmtree(out, ignore_errors=True)
    config = PackConfig(corpus=corpus, tokenizer=tokenizer, out=out, seq_len=seq_len, val_fraction=0.005)
    start, cpu = time.perf_counter(), cpu_seconds()
    summary = pack(config, ExecutionConfig(workers=workers)).summary
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    tokens = sum(s["tokens"] for s in summary["splits"].values())
    size = sum(s["bytes"] for s in summary["splits"].values())
    return {"seconds": round(seconds, 3), "tokens": tokens, "tokens_per_second": round(tokens / seconds),
            "tokens_per_cpu_second": round(tokens / cpu),
            "shard_bytes": size, "samples": sum(s["samples"] for s in summary["splits"].values())}


def foundry_style(corpus: Path, model: Path, out: Path, seq_len: int) -> dict | None:
    """LLM Foundry's ConcatTokensDataset + MDSWriter, one process (with SentencePiece, not a slower HF tokenizer)."""
    import sentencepiece as spm

    try:
        from norcorpus.pack.streaming_compat import streaming_base

        writer_cls = streaming_base().MDSWriter
    except Exception as exc:  # noqa: BLE001 - optional comparison
        return {"skipped": f"mosaicml-streaming unavailable: {exc}"}
    shutil.rmtree(out, ignore_errors=True)
    sp = spm.SentencePieceProcessor(model_file=str(model))
    bos, eos = sp.bos_id(), sp.eos_id()
    start, cpu = time.perf_counter(), cpu_seconds()
    tokens = samples = 0
    buffer: list[int] = []
    with writer_cls(out=str(out), columns={"tokens": "ndarray:int32"}, compression="zstd") as writer:
        for path in sorted((corpus / "data").glob("lang=*/source=*/*.parquet")):
            for batch in pq.ParquetFile(path).iter_batches(columns=["text"], batch_size=1000):
                for text in batch.column("text").to_pylist():
                    buffer += [bos, *sp.encode(text), eos]
                    while len(buffer) >= seq_len:
                        writer.write({"tokens": np.asarray(buffer[:seq_len], np.int32)})
                        buffer = buffer[seq_len:]
                        samples += 1
                        tokens += seq_len
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {"seconds": round(seconds, 3), "tokens": tokens, "tokens_per_second": round(tokens / seconds),
            "tokens_per_cpu_second": round(tokens / cpu), "samples": samples, "note": "drops the last partial sample, as LLM Foundry does"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=40.0, help="megabytes of text")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seq-len", type=int, default=2048)
    parser.add_argument("--vocab", type=int, default=16000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None, help="keep corpus and tokenizer here")
    args = parser.parse_args()

    root = args.workdir or Path(tempfile.mkdtemp(prefix="pack-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    corpus, n_docs = make_corpus(root, args.mb)
    tokenizer = train_tokenizer(corpus, root / "tokenizer", args.vocab)
    texts = read_texts(corpus)
    text_bytes = sum(len(t.encode()) for t in texts)
    runs = []
    for _ in range(args.repeat):
        raw = raw_tokenizer(texts, tokenizer / "tokenizer.model", args.workers)
        packed = norcorpus_pack(corpus, tokenizer, root / "pack", args.seq_len, args.workers)
        foundry = foundry_style(corpus, tokenizer / "tokenizer.model", root / "foundry", args.seq_len)
        run = {"raw_tokenizer": raw, "norcorpus_pack": packed, "foundry_style": foundry,
               "pack_vs_raw": round(packed["tokens_per_second"] / raw["tokens_per_second"], 3),
               "pack_vs_raw_per_cpu_second": round(packed["tokens_per_cpu_second"] / raw["tokens_per_cpu_second"], 3)}
        if foundry and "tokens_per_second" in foundry:
            run["pack_vs_foundry"] = round(packed["tokens_per_second"] / foundry["tokens_per_second"], 2)
        runs.append(run)
    result = {
        "text_mb": round(text_bytes / 1e6, 1), "documents": n_docs, "workers": args.workers,
        "cpu_count": os.cpu_count(), "seq_len": args.seq_len, "vocab": args.vocab,
        "load_average": os.getloadavg(), "target_pack_vs_raw": 0.8, "runs": runs,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
