"""Export a SentencePiece BPE model as Hugging Face files that give exactly the SentencePiece ids.

The pieces become a `tokenizers` BPE model whose merges are ranked by the score of the merged piece,
which is the order SentencePiece's BPE encoder applies them in. Whitespace is handled as SentencePiece
does with identity normalization and a dummy prefix: prepend "▁" always (even before a leading space,
which Metaspace would not) and turn every space into "▁", with no pre-tokenizer. Unknown characters fall
back to the `<0xXX>` byte pieces, like SentencePiece's byte fallback.

No post-processor: `tokenizer(text)["input_ids"]` equals `sp.encode(text)`; the packer adds BOS/EOS.
"""

from __future__ import annotations

import json
from pathlib import Path

import sentencepiece as spm
from tokenizers import AddedToken, Tokenizer, decoders, normalizers
from tokenizers.models import BPE

from norcorpus.errors import ConfigError

SPACE = "\u2581"  # "▁", SentencePiece's whitespace symbol
HF_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def _check_model(sp: spm.SentencePieceProcessor, model_path: Path) -> None:
    # a behavioural check instead of reading the proto (that needs protobuf): the export is only exact for
    # models that keep whitespace as is and add a dummy prefix, which is how norcorpus trains them
    probe = "a  b"
    pieces = sp.encode(probe, out_type=str)
    if "".join(pieces) != SPACE + probe.replace(" ", SPACE) or sp.decode(sp.encode(probe)) != probe:
        raise ConfigError(
            f"{model_path} does not keep whitespace as is with a dummy prefix; cannot export it exactly",
            hint="train it with `norcorpus tokenizer train` (identity normalization, no whitespace removal)",
        )
    if not sp.is_byte(sp.piece_to_id("<0x00>")):
        raise ConfigError(f"{model_path} has no byte-fallback pieces", hint="train with byte_fallback: true")


def _merges(sp: spm.SentencePieceProcessor) -> list[tuple[str, str]]:
    normal = {
        sp.id_to_piece(i): i
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i) or sp.is_byte(i) or sp.is_unused(i))
    }
    ranked: list[tuple[float, int, int, int, str, str]] = []
    for piece, pid in normal.items():
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            lid, rid = normal.get(left), normal.get(right)
            if lid is not None and rid is not None:
                ranked.append((-sp.get_score(pid), pid, lid, rid, left, right))
    ranked.sort()
    return [(left, right) for *_, left, right in ranked]


def build_hf_tokenizer(model_path: Path) -> Tokenizer:
    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    _check_model(sp, model_path)
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    unk = sp.id_to_piece(sp.unk_id())
    tok = Tokenizer(BPE(vocab=vocab, merges=_merges(sp), unk_token=unk, fuse_unk=True, byte_fallback=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend(SPACE), normalizers.Replace(" ", SPACE)])
    tok.pre_tokenizer = None
    tok.decoder = decoders.Sequence(
        [decoders.Replace(SPACE, " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)]
    )
    specials = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if sp.is_control(i) or sp.is_unknown(i)]
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tok


def _special_names(sp: spm.SentencePieceProcessor) -> dict[str, str]:
    names = {
        "unk_token": sp.unk_id(),
        "bos_token": sp.bos_id(),
        "eos_token": sp.eos_id(),
        "pad_token": sp.pad_id(),
    }
    return {name: sp.id_to_piece(i) for name, i in names.items() if i >= 0}


def export_hf(model_path: Path, out_dir: Path) -> list[Path]:
    """Write tokenizer.json, tokenizer_config.json and special_tokens_map.json beside the model."""
    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    tok = build_hf_tokenizer(model_path)
    specials = _special_names(sp)
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        **specials,
        "add_bos_token": False,
        "add_eos_token": False,
        # transformers would otherwise "clean up" spaces before punctuation and decoding would not be lossless
        "clean_up_tokenization_spaces": False,
        "model_max_length": 1_000_000_000,
        "added_tokens_decoder": {
            str(i): {
                "content": sp.id_to_piece(i),
                "special": True,
                "normalized": False,
                "lstrip": False,
                "rstrip": False,
                "single_word": False,
            }
            for i in range(sp.get_piece_size())
            if sp.is_control(i) or sp.is_unknown(i)
        },
    }
    paths = [out_dir / name for name in HF_FILES]
    tok.save(str(paths[0]))
    paths[1].write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[2].write_text(json.dumps(specials, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return paths
