"""Smoke training: a tiny causal LM (~1M parameters) trains a few steps from packed MDS shards.

It reads the shards through mosaicml-streaming's own `StreamingDataset` (what LLM Foundry's text loader is
built on), masks padding out of the labels the way LLM Foundry's collator does (labels = -100 where the
input is the pad id; EOS stays a target), and reports the loss per step and the training tokens per
second. CPU here and in CI; the same code runs on CUDA when it is there:

    python -m norcorpus.train.smoke --data OUT [--steps 30] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

from norcorpus.pack.pack import SUMMARY_FILE
from norcorpus.pack.streaming_compat import streaming_base


def tiny_model(vocab_size: int, seq_len: int, pad_id: int, bos_id: int, eos_id: int, hidden: int = 128):
    """A 4-layer Llama-architecture decoder; ~1M parameters with a vocabulary of a few hundred."""
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=vocab_size, hidden_size=hidden, intermediate_size=hidden * 2, num_hidden_layers=4,
        num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=seq_len,
        pad_token_id=pad_id, bos_token_id=bos_id, eos_token_id=eos_id, tie_word_embeddings=False,
    )
    return LlamaForCausalLM(config)


def smoke_train(data: Path, steps: int = 30, batch_size: int = 8, lr: float = 3e-3, device: str = "auto",
                seed: int = 0) -> dict[str, Any]:
    import torch
    from torch.utils.data import DataLoader

    summary = json.loads((Path(data) / SUMMARY_FILE).read_text())
    seq_len, ids = summary["seq_len"], summary["special_ids"]
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        # one intra-op thread: a model this small gains nothing from more, and on a shared 2-core machine
        # a spinning OpenMP pool made steps ten times slower
        torch.set_num_threads(1)
    torch.manual_seed(seed)
    sb = streaming_base()
    sb.util.clean_stale_shared_memory()
    dataset = sb.StreamingDataset(local=str(data), split="train", batch_size=batch_size, shuffle=True,
                                  shuffle_seed=seed)
    loader = DataLoader(dataset, batch_size=batch_size, num_workers=0, drop_last=True)
    vocab = math.ceil(summary["vocab_size"] / 64) * 64
    model = tiny_model(vocab, seq_len, ids["pad"], ids["bos"], ids["eos"]).to(device)
    parameters = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if device.startswith("cuda") else None

    losses: list[float] = []
    tokens = 0
    started = None
    model.train()
    while len(losses) < steps:
        for batch in loader:
            input_ids = batch["tokens"].to(device=device, dtype=torch.long, non_blocking=True)
            labels = input_ids.masked_fill(input_ids == ids["pad"], -100)
            if autocast is not None:
                with autocast:
                    loss = model(input_ids=input_ids, labels=labels).loss
            else:
                loss = model(input_ids=input_ids, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            losses.append(float(loss.detach()))
            if started is None:  # the first step compiles kernels and allocates; time the rest
                if device.startswith("cuda"):
                    torch.cuda.synchronize()
                started = time.perf_counter()
            else:
                tokens += int((input_ids != ids["pad"]).sum())
            if len(losses) == steps:
                break
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    elapsed = time.perf_counter() - started if started is not None else 0.0
    del loader, dataset
    return {
        "device": torch.cuda.get_device_name() if device.startswith("cuda") else "cpu",
        "parameters": parameters,
        "steps": steps,
        "batch_size": batch_size,
        "seq_len": seq_len,
        "losses": [round(x, 4) for x in losses],
        "tokens_per_second": round(tokens / elapsed, 1) if elapsed > 0 else None,
        "torch": torch.__version__,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the --out of `norcorpus pack`")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args(argv)
    result = smoke_train(args.data, args.steps, args.batch_size, args.lr, args.device)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
