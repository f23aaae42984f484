"""Fertility: tokens per whitespace-separated word, per label of a `label<TAB>text` file.

Fewer tokens per word means longer effective context and cheaper training; the NorwAI report compares
tokenizers this way per language (NorMistral's 51k: 1.22 Bokmål, 1.28 Nynorsk, 1.82 Sámi, ...).
Special tokens are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from norcorpus.errors import ConfigError, ShardError
from norcorpus.sources.io import iter_lines
from norcorpus.tokenizer.loader import Encoder

_BATCH = 4096

# published figures (NorwAI report / NorMistral model card), tokens per word; for side-by-side reading only
PUBLISHED = {
    "normistral-51k": {"nob": 1.22, "nno": 1.28, "sme": 1.82, "dan": 1.33, "swe": 1.39},
    "mistral-nemo-131k": {"nob": 1.79, "nno": 1.87, "sme": 2.63, "dan": 1.82, "swe": 2.00},
}


@dataclass
class LabelFertility:
    rows: int = 0
    words: int = 0
    chars: int = 0
    tokens: int = 0

    @property
    def fertility(self) -> float:
        return self.tokens / self.words if self.words else 0.0

    def to_dict(self) -> dict:
        return asdict(self) | {
            "fertility": round(self.fertility, 4),
            "chars_per_token": round(self.chars / self.tokens, 3) if self.tokens else 0.0,
        }


def iter_labelled(path: Path) -> Iterator[tuple[str, str]]:
    if not path.is_file():
        raise ConfigError(f"file not found: {path}")
    with open(path, "rb") as raw:
        for number, line in enumerate(iter_lines(raw, path.name), start=1):
            if not line.strip():
                continue
            try:
                fields = line.decode("utf-8").split("\t")
            except UnicodeDecodeError:
                raise ShardError(f"{path}:{number}: not UTF-8") from None
            if len(fields) < 2:
                raise ConfigError(f"{path}:{number}: expected `label<TAB>text`, found no tab")
            yield fields[0], fields[1]


def _batches(path: Path) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    for row in iter_labelled(path):
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def fertility(encoders: list[Encoder], path: Path) -> dict[str, dict[str, LabelFertility]]:
    """{encoder name: {label: counts}} for every encoder, over one streaming pass of `path`."""
    names = [e.name for e in encoders]
    if len(set(names)) != len(names):
        names = [f"{e.name}#{i}" for i, e in enumerate(encoders)]
    result: dict[str, dict[str, LabelFertility]] = {name: {} for name in names}
    for batch in _batches(path):
        texts = [text for _, text in batch]
        for name, encoder in zip(names, encoders, strict=True):
            counts = result[name]
            for (label, text), ids in zip(batch, encoder.encode_batch(texts), strict=True):
                c = counts.setdefault(label, LabelFertility())
                c.rows += 1
                c.words += len(text.split())
                c.chars += len(text)
                c.tokens += len(ids)
    return result


def total(counts: dict[str, LabelFertility]) -> LabelFertility:
    out = LabelFertility()
    for c in counts.values():
        out.rows += c.rows
        out.words += c.words
        out.chars += c.chars
        out.tokens += c.tokens
    return out
