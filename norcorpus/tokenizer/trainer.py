"""Train a SentencePiece BPE tokenizer from a corpus with a preset, and write it with its HF files.

Output directory: `tokenizer.model`, the HF files (`tokenizer.json`,
`tokenizer_config.json`, `special_tokens_map.json`) and `train_report.json` (preset, sample per
language, timings, versions, sha256 of the model). The directory is written under a temporary name
and renamed when complete, so a crash never leaves a half tokenizer behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sentencepiece as spm
import tokenizers

from norcorpus import __version__
from norcorpus.errors import ConfigError
from norcorpus.tokenizer.hf_export import export_hf
from norcorpus.tokenizer.preset import SPECIAL_TOKENS, TokenizerPreset
from norcorpus.tokenizer.sampler import SampleReport, build_sample

MODEL_FILE = "tokenizer.model"
REPORT_FILE = "train_report.json"


@dataclass
class TrainResult:
    out: Path
    model_path: Path
    report: dict


def sentencepiece_options(preset: TokenizerPreset) -> dict[str, object]:
    """The SentencePieceTrainer arguments of a preset (besides input and model_prefix)."""
    return {
        "model_type": preset.model_type,
        "vocab_size": preset.vocab_size,
        "character_coverage": preset.character_coverage,
        "byte_fallback": preset.byte_fallback,
        "split_digits": preset.split_digits,
        "max_sentencepiece_length": preset.max_sentencepiece_length,
        # identity: no NFKC, text is already NFC from the corpus build; keeping whitespace as is and the
        # dummy prefix makes decode(encode(x)) == x and lets the HF export reproduce the ids exactly
        "normalization_rule_name": "identity",
        "remove_extra_whitespaces": False,
        "add_dummy_prefix": True,
        "allow_whitespace_only_pieces": True,
        # the sample is already bounded by the character budget: read all of it, in file order
        "input_sentence_size": 0,
        "shuffle_input_sentence": False,
        "max_sentence_length": preset.sample.max_sentence_chars * 4 + 16,  # bytes; UTF-8 is at most 4/char
        "num_threads": preset.num_threads,
        "unk_id": SPECIAL_TOKENS["<unk>"],
        "bos_id": SPECIAL_TOKENS["<s>"],
        "eos_id": SPECIAL_TOKENS["</s>"],
        "pad_id": SPECIAL_TOKENS["<pad>"],
        "unk_piece": "<unk>",
        "bos_piece": "<s>",
        "eos_piece": "</s>",
        "pad_piece": "<pad>",
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sample_lines(sample: Path):
    with open(sample, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            yield line[:-1] if line.endswith("\n") else line


def _train_spm(sample: Path, model_path: Path, preset: TokenizerPreset, verbose: bool) -> None:
    # sentences through an iterator and the model through a writer, not file names: SentencePiece stores
    # `input` and `model_prefix` in the model, and temporary paths there would make equal runs differ
    try:
        with open(model_path, "wb") as writer:
            spm.SentencePieceTrainer.train(
                sentence_iterator=_sample_lines(sample),
                model_writer=writer,
                minloglevel=0 if verbose else 2,
                **sentencepiece_options(preset),
            )
    except RuntimeError as exc:
        # e.g. "Vocabulary size too high (N). Please set it to a value <= M."
        raise ConfigError(
            f"SentencePiece could not train a {preset.vocab_size} vocabulary: "
            f"{str(exc).strip().splitlines()[-1]}",
            hint="lower --vocab-size or give the sample more text (--max-chars, more corpus)",
        ) from None


def _prepare_out(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file, not a directory")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise ConfigError(
                f"--out {out} is not empty", hint="choose a new directory or pass --force to replace it"
            )
        # --force replaces a tokenizer, never an arbitrary directory given by mistake
        if not (out / REPORT_FILE).is_file():
            raise ConfigError(f"--out {out} is not empty and holds no tokenizer; --force will not delete it")


def train_tokenizer(
    corpus: Path, preset: TokenizerPreset, out: Path, *, force: bool = False, verbose: bool = False
) -> TrainResult:
    """Sample `corpus`, train the preset's SentencePiece model and export it to `out`."""
    _prepare_out(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        sample_file = work / "sample.txt"
        t0 = time.perf_counter()
        sample: SampleReport = build_sample(corpus, preset.sample, sample_file)
        t1 = time.perf_counter()
        model_path = work / MODEL_FILE
        _train_spm(sample_file, model_path, preset, verbose)
        t2 = time.perf_counter()
        sample_file.unlink()
        export_hf(model_path, work)
        t3 = time.perf_counter()
        actual_vocab = spm.SentencePieceProcessor(model_file=str(model_path)).get_piece_size()
        report = {
            "norcorpus_version": __version__,
            "sentencepiece_version": spm.__version__,
            "tokenizers_version": tokenizers.__version__,
            "corpus": str(corpus),
            "preset": preset.model_dump(),
            "sentencepiece_options": sentencepiece_options(preset),
            "vocab_size": actual_vocab,
            "special_tokens": SPECIAL_TOKENS,
            "sample": sample.to_dict() | {"path": None},
            "seconds": {"sample": round(t1 - t0, 2), "train": round(t2 - t1, 2), "export": round(t3 - t2, 2)},
            # ru_maxrss is KiB on Linux; peak of this process (sampling streams, training holds the sample)
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "sha256": {name: _sha256(work / name) for name in (MODEL_FILE, "tokenizer.json")},
        }
        (work / REPORT_FILE).write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        os.chmod(work, 0o755)  # mkdtemp makes it 0700
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return TrainResult(out=out, model_path=out / MODEL_FILE, report=report)
