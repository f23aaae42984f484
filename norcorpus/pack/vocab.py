"""What pack and train need to know about a tokenizer directory: ids of BOS/EOS/PAD and the vocabulary size.

The ids come from `tokenizer.model` (the SentencePiece model that tokenizes); when the HF files are there
too, they must agree with it, because LLM Foundry trains with the HF tokenizer that the MDS was packed for.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from norcorpus.errors import ConfigError

MODEL_FILE = "tokenizer.model"


@dataclass(frozen=True)
class TokenizerInfo:
    path: Path
    vocab_size: int  # len(tokenizer): every id the tokenizer can emit is < vocab_size
    bos_id: int
    eos_id: int
    pad_id: int
    bos_token: str
    eos_token: str
    pad_token: str
    sha256: str  # of tokenizer.model: part of the pack's fingerprint


def _hf_vocab_size(directory: Path) -> int | None:
    path = directory / "tokenizer.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = [t["id"] for t in data.get("added_tokens", [])]
    vocab = data.get("model", {}).get("vocab")
    if isinstance(vocab, dict):
        ids.extend(vocab.values())
    elif isinstance(vocab, list):  # Unigram: [[piece, score], ...]
        ids.append(len(vocab) - 1)
    return max(ids) + 1 if ids else None


def _hf_pad_token(directory: Path) -> str | None:
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        path = directory / name
        if path.is_file():
            pad = json.loads(path.read_text(encoding="utf-8")).get("pad_token")
            if isinstance(pad, dict):
                pad = pad.get("content")
            if pad:
                return pad
    return None


def load_tokenizer_info(directory: Path) -> TokenizerInfo:
    import sentencepiece as spm

    directory = Path(directory)
    model = directory / MODEL_FILE
    if not model.is_file():
        raise ConfigError(
            f"no {MODEL_FILE} in tokenizer directory {directory}",
            hint="pass the directory written by `norcorpus tokenizer train`",
        )
    sp = spm.SentencePieceProcessor(model_file=str(model))
    bos, eos = sp.bos_id(), sp.eos_id()
    if bos < 0 or eos < 0:
        raise ConfigError(f"{model} defines no BOS or EOS token", hint="train it with bos_id and eos_id set")
    pad = sp.pad_id()
    hf_pad = _hf_pad_token(directory)
    if pad < 0 and hf_pad is not None:
        pad = sp.piece_to_id(hf_pad)
        if pad == sp.unk_id() and hf_pad != sp.id_to_piece(sp.unk_id()):
            pad = -1
    if pad < 0:
        raise ConfigError(
            f"{model} has no padding token",
            hint="train the tokenizer with pad_id set (e.g. <pad>), distinct from </s>",
        )
    if pad == eos:
        raise ConfigError(f"the padding token of {model} is the EOS token", hint="use a distinct <pad> token")
    if hf_pad is not None and sp.piece_to_id(hf_pad) != pad:
        raise ConfigError(f"{directory}: HF pad_token {hf_pad!r} is not the SentencePiece pad id {pad}")
    vocab = sp.get_piece_size()
    hf_vocab = _hf_vocab_size(directory)
    return TokenizerInfo(
        path=directory,
        vocab_size=max(vocab, hf_vocab or 0),
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        bos_token=sp.id_to_piece(bos),
        eos_token=sp.id_to_piece(eos),
        pad_token=sp.id_to_piece(pad),
        sha256=hashlib.sha256(model.read_bytes()).hexdigest(),
    )
