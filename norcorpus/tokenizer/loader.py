"""Load a tokenizer for measuring: a norcorpus/SentencePiece directory or any HF `tokenizer.json`.

Baselines such as NorMistral's tokenizer are often only available as `tokenizer.json`, so both kinds
are accepted; a directory with `tokenizer.model` is read with SentencePiece (the reference ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import sentencepiece as spm
from tokenizers import Tokenizer

from norcorpus.errors import ConfigError


class Encoder(Protocol):
    name: str
    engine: str

    def encode_batch(self, texts: list[str]) -> list[list[int]]: ...

    def vocab_size(self) -> int: ...


@dataclass
class SentencePieceEncoder:
    name: str
    processor: spm.SentencePieceProcessor
    num_threads: int = -1  # SentencePiece's default: all cores
    engine: str = "sentencepiece"

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return self.processor.encode(texts, num_threads=self.num_threads)

    def vocab_size(self) -> int:
        return self.processor.get_piece_size()


@dataclass
class HFEncoder:
    name: str
    tokenizer: Tokenizer
    engine: str = "tokenizers"

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        # no BOS/EOS from a post-processor: fertility counts the tokens of the text itself
        return [e.ids for e in self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)]

    def vocab_size(self) -> int:
        return self.tokenizer.get_vocab_size(with_added_tokens=True)


def load_hf(path: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(path))
    # text that happens to contain "<s>" is text, as SentencePiece sees it, not a control token
    tok.encode_special_tokens = True
    return tok


def load_encoder(path: Path, engine: str = "auto") -> Encoder:
    """`engine`: auto (tokenizer.model if present, else tokenizer.json), sentencepiece or tokenizers."""
    if engine not in ("auto", "sentencepiece", "tokenizers"):
        raise ConfigError(
            f"unknown tokenizer engine {engine!r}", hint="use auto, sentencepiece or tokenizers"
        )
    model = path if path.suffix == ".model" else path / "tokenizer.model"
    hf = path if path.suffix == ".json" else path / "tokenizer.json"
    name = path.name if path.is_dir() else path.parent.name
    if engine in ("auto", "sentencepiece") and model.is_file():
        try:
            return SentencePieceEncoder(name, spm.SentencePieceProcessor(model_file=str(model)))
        except (OSError, RuntimeError) as exc:
            raise ConfigError(f"cannot load SentencePiece model {model}: {exc}".splitlines()[0]) from None
    if engine in ("auto", "tokenizers") and hf.is_file():
        try:
            return HFEncoder(name, load_hf(hf))
        except Exception as exc:  # tokenizers raises a bare Exception for bad JSON
            raise ConfigError(f"cannot load {hf}: {exc}".splitlines()[0]) from None
    wanted = {"auto": "tokenizer.model or tokenizer.json", "sentencepiece": "tokenizer.model"}.get(
        engine, "tokenizer.json"
    )
    raise ConfigError(f"no tokenizer at {path}", hint=f"give a directory holding {wanted}")
