"""The tokenizer training sample: a character budget shared between languages by weight.

Two streaming passes over the corpus, so memory never holds more than one record batch:
1. count the characters of each language;
2. keep or repeat text by a rate per language and append its sentences to a text file (one sentence
   per line, the format SentencePiece reads). Below rate 1 whole documents are kept or skipped (so the
   sentence splitter only runs on kept text, which matters when a billion-character corpus gives a
   sample of a few hundred million); above it every sentence is repeated floor(rate) times and once
   more with probability frac(rate). Decisions are hashes of (seed, lang, text).

The rate of a language is its share of the budget divided by what the corpus has of it. A language
smaller than its share is repeated (at most `max_repeat` times, as the NorMistral recipe upsamples
Nynorsk and Sámi); what it cannot fill goes back to the other languages in proportion to their weights
("water filling"), so a small corpus still gives as big a sample as the budget allows.
Hash decisions make the sample independent of file order and reproducible across runs.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import xxhash

from norcorpus.errors import ConfigError
from norcorpus.tokenizer.corpus_reader import iter_corpus
from norcorpus.tokenizer.preset import SampleConfig
from norcorpus.tokenizer.sentences import cut_long, split_sentences

_U64 = float(1 << 64)


@dataclass
class LanguageSample:
    weight: float
    available_chars: int
    rate: float  # expected copies of each sentence (0..max_repeat)
    sampled_chars: int = 0
    sampled_sentences: int = 0


@dataclass
class SampleReport:
    path: str
    max_chars: int
    sampled_chars: int = 0
    sampled_bytes: int = 0  # UTF-8, newlines included: the size of the file SentencePiece reads
    sampled_sentences: int = 0
    languages: dict[str, LanguageSample] = field(default_factory=dict)
    ignored_languages: dict[str, int] = field(default_factory=dict)  # weight 0: chars left out

    def to_dict(self) -> dict:
        return asdict(self)


def plan_rates(available: dict[str, int], config: SampleConfig) -> dict[str, float]:
    """Copies per sentence for each language (water filling of the budget by weight, capped by max_repeat)."""
    weights = {lang: config.weight(lang) for lang, chars in available.items() if chars > 0}
    open_langs = {lang for lang, w in weights.items() if w > 0}
    rates = {lang: 0.0 for lang in available}
    budget = float(config.max_chars)
    while open_langs and budget > 0:
        total_w = sum(weights[lang] for lang in open_langs)
        capped = {
            lang
            for lang in open_langs
            if budget * weights[lang] / total_w >= config.max_repeat * available[lang]
        }
        if not capped:
            for lang in open_langs:
                rates[lang] = budget * weights[lang] / total_w / available[lang]
            break
        for lang in capped:
            rates[lang] = config.max_repeat
            budget -= config.max_repeat * available[lang]
        open_langs -= capped
    return rates


def _copies(rate: float, seed: int, lang: str, text: str) -> int:
    whole = math.floor(rate)
    frac = rate - whole
    if frac <= 0.0:
        return whole
    u = xxhash.xxh64_intdigest(f"{lang}\x00{text}", seed=seed) / _U64
    return whole + (1 if u < frac else 0)


def build_sample(corpus: Path, config: SampleConfig, out_file: Path) -> SampleReport:
    """Write the sample of `corpus` to `out_file` (one sentence per line) and say what it holds."""
    available: Counter[str] = Counter()
    for lang, text in iter_corpus(corpus):
        available[lang] += len(text)
    rates = plan_rates(dict(available), config)
    report = SampleReport(path=str(out_file), max_chars=config.max_chars)
    for lang in sorted(available):
        if rates[lang] > 0:
            report.languages[lang] = LanguageSample(
                config.weight(lang), available[lang], round(rates[lang], 6)
            )
        else:
            report.ignored_languages[lang] = available[lang]
    if not report.languages:
        raise ConfigError(
            f"nothing to sample from {corpus}: languages found {dict(available) or 'none'} all have weight 0",
            hint="give the corpus languages a weight (lang_weights / default_weight, or --lang-weight)",
        )

    with open(out_file, "w", encoding="utf-8", newline="\n") as out:
        for lang, text in iter_corpus(corpus):
            stats = report.languages.get(lang)
            if stats is None:
                continue
            rate = rates[lang]
            if rate < 1.0:
                if not _copies(rate, config.seed, lang, text):
                    continue
                rate = 1.0  # a kept document gives each of its sentences once
            for sentence in split_sentences(text, lang):
                for piece in cut_long(sentence, config.max_sentence_chars):
                    if len(piece) < config.min_sentence_chars:
                        continue
                    copies = _copies(rate, config.seed, lang, piece)
                    if copies:
                        out.write((piece + "\n") * copies)
                        stats.sampled_chars += copies * len(piece)
                        stats.sampled_sentences += copies
    report.sampled_chars = sum(s.sampled_chars for s in report.languages.values())
    report.sampled_sentences = sum(s.sampled_sentences for s in report.languages.values())
    report.sampled_bytes = out_file.stat().st_size
    if report.sampled_sentences == 0:
        raise ConfigError(
            f"the sample drawn from {corpus} is empty", hint="raise the sample budget (--max-chars)"
        )
    return report
