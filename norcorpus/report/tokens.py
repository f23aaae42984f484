"""Token counts per source × language, from the Parquet text, with a given tokenizer.

stats.json has no token counts until the build tokenizes; with `--tokenizer DIR` the dashboard counts them
itself. Files are read in record batches of the three columns it needs, so memory stays bounded on a real
build; the cost is one tokenizer pass over the corpus (SentencePiece encodes on all cores).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from norcorpus.tokenizer.loader import Encoder, load_encoder

_BATCH_ROWS = 2048


def open_tokenizer(path: Path) -> Encoder:
    """A SentencePiece `tokenizer.model` directory (or an HF `tokenizer.json`); ConfigError when neither."""
    return load_encoder(path)


def count_tokens(files: list[Path], encoder: Encoder) -> dict[str, dict[str, int]]:
    """source → lang → tokens (no BOS/EOS: the tokens of the text itself, as fertility counts them)."""
    counts: Counter[tuple[str, str]] = Counter()
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(
            batch_size=_BATCH_ROWS, columns=["text", "source", "lang"]
        ):
            table = batch.to_pydict()
            ids = encoder.encode_batch(table["text"])
            for source, lang, tokens in zip(table["source"], table["lang"], ids, strict=True):
                counts[(str(source), str(lang))] += len(tokens)
    out: dict[str, dict[str, int]] = {}
    for (source, lang), n in sorted(counts.items()):
        out.setdefault(source, {})[lang] = n
    return out
