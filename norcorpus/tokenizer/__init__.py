"""SentencePiece tokenizers (64k / 68k / 158k presets) trained from a corpus version, exported for HF.

- `preset`: the typed recipe (`TokenizerPreset`, `SampleConfig`, `load_preset`);
  YAML in manifests/tokenizers/.
- `corpus_reader`: `(lang, text)` from a built version directory, Parquet/JSONL folders or a TSV.
- `sentences`: the sentence splitter of the sample (one function, to be swapped for a language-aware one).
- `sampler`: the language-weighted, character-budgeted sample.
- `trainer`: `train_tokenizer(corpus, preset, out)` → tokenizer.model + HF files + train_report.json.
- `hf_export`: tokenizer.json & co. that give exactly the SentencePiece ids.
- `loader`, `fertility`: tokens per whitespace word per label, against baselines.
"""

from norcorpus.tokenizer.preset import SPECIAL_TOKENS, SampleConfig, TokenizerPreset, load_preset
from norcorpus.tokenizer.trainer import TrainResult, train_tokenizer

__all__ = [
    "SPECIAL_TOKENS",
    "SampleConfig",
    "TokenizerPreset",
    "TrainResult",
    "load_preset",
    "train_tokenizer",
]
