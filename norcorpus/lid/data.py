"""Reading the LID data directory and building the (seeded) training set of `norcorpus lid train`.

The data directory is laid out as shared/data/lid: `train.tsv.gz`, `dev.tsv.gz` (rows
`label<TAB>text<TAB>source`), and optionally `extra/nob-giellalt.tsv.gz` and `extra/other-udhr2.tsv.gz`.
"""

from __future__ import annotations

import gzip
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from norcorpus.errors import ConfigError
from norcorpus.langs import Lang
from norcorpus.lid.augment import fragment, junk, random_legacy, sentences
from norcorpus.lid.config import TrainConfig
from norcorpus.lid.preprocess import preprocess

MODEL_LABELS: tuple[str, ...] = tuple(lang.value for lang in Lang if lang is not Lang.UND)

TRAIN_FILE = "train.tsv.gz"
DEV_FILE = "dev.tsv.gz"
EXTRA_FILES = ("extra/nob-giellalt.tsv.gz", "extra/other-udhr2.tsv.gz")


def _open_text(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def read_rows(path: Path) -> Iterator[tuple[str, str, str]]:
    """Rows `(label, text, source)` of a `label<TAB>text[<TAB>source]` file (.tsv or .tsv.gz)."""
    if not path.is_file():
        raise ConfigError(f"{path} does not exist", hint="pass --data the directory that holds train.tsv.gz")
    with _open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                raise ConfigError(f"{path}:{n}: expected label<TAB>text, got a line without a tab")
            yield parts[0], parts[1], parts[2] if len(parts) > 2 else ""


# Function words that differ between the written standards. Talk of Norway's nob/nno labels come from
# langid.py; a "nno" speech with more Bokmål than Nynorsk forms of these words is a mislabelled Bokmål one
# (48 rows of train). Such rows are dropped, not relabelled: the evidence is too thin to flip a label.
_NNO_WORDS = frozenset("ikkje eg ein eit dei vere berre kva korleis frå noko nokon kvifor mykje heile saman sjølv fleire".split())
_NOB_WORDS = frozenset("ikke jeg en et de være bare hva hvordan fra noe noen hvorfor mye hele sammen selv flere".split())
_WORD = re.compile(r"\w+")


def norwegian_label_conflict(label: str, text: str) -> bool:
    """True when a nob/nno row has more function words of the other written standard than of its own."""
    if label not in (Lang.NOB, Lang.NNO):
        return False
    words = set(_WORD.findall(text.lower()))
    nno, nob = len(words & _NNO_WORDS), len(words & _NOB_WORDS)
    return nob > nno if label == Lang.NNO else nno > nob


def _units(text: str, rng: random.Random, split_chars: int) -> list[str]:
    """A long paragraph gives its sentences (what the model mostly sees) and, sometimes, itself."""
    if len(text) <= split_chars:
        return [text]
    units = sentences(text)
    if len(units) > 1 and rng.random() < 0.3:
        units.append(text)
    return units


def load_pools(data_dir: Path, config: TrainConfig, rng: random.Random) -> dict[str, list[str]]:
    """Training texts per label from train.tsv.gz and extra/, cleaned of known mislabelled rows."""
    rows = list(read_rows(data_dir / TRAIN_FILE))
    extra = {name: list(read_rows(data_dir / name)) for name in EXTRA_FILES if (data_dir / name).is_file()}
    # corpus-sme rows that GiellaLT's Bokmål corpus also holds are Bokmål paragraphs of bilingual Sámi
    # documents (extra/README.md): they would teach the model that Bokmål is Sámi.
    nob_texts = {text for _, text, _ in extra.get("extra/nob-giellalt.tsv.gz", [])}
    pools: dict[str, list[str]] = defaultdict(list)
    for label, text, source in rows:
        if label == Lang.SME and text in nob_texts:
            continue
        if source == "talk-of-norway" and norwegian_label_conflict(label, text):
            continue
        pools[label].extend(_units(text, rng, config.split_chars))
    giellalt = [text for _, text, _ in extra.get("extra/nob-giellalt.tsv.gz", [])]
    rng.shuffle(giellalt)
    # GiellaLT Bokmål is 90 % public administration: capped, so that it does not drown speech and news.
    giellalt_units = [u for text in giellalt for u in _units(text, rng, config.split_chars)]
    pools[Lang.NOB].extend(giellalt_units[: config.nob_giellalt_max])
    for label, text, _source in extra.get("extra/other-udhr2.tsv.gz", []):
        pools[label].append(text)
    unknown = set(pools) - set(MODEL_LABELS)
    if unknown:
        raise ConfigError(f"training data has labels outside {', '.join(MODEL_LABELS)}: {sorted(unknown)}")
    return dict(pools)


def build_examples(data_dir: Path, config: TrainConfig) -> list[tuple[str, str]]:
    """`(label, preprocessed text)` pairs: sampled, balanced by target counts, and augmented. Seeded."""
    rng = random.Random(config.seed)
    pools = load_pools(data_dir, config, rng)
    examples: list[tuple[str, str]] = []
    for label in MODEL_LABELS:
        pool = sorted(set(pools.get(label, [])))  # sorted: set order is not reproducible across runs
        rng.shuffle(pool)
        target = config.targets.get(label, 0)
        if label == Lang.OTHER:
            pool += [junk(rng) for _ in range(config.junk_rows)]
        if not pool or target == 0:
            continue
        chosen = pool[:target]
        # thin classes (dan, swe, ...) reach their target through random windows of their sentences:
        # upweighting that shows the model new short contexts instead of the same line again
        while len(chosen) < target:
            chosen.append(fragment(rng.choice(pool), rng, min_words=3, max_words=20))
        n_frag = int(target * config.fragment_share)
        chosen += [fragment(rng.choice(pool), rng, min_words=1, max_words=6) for _ in range(n_frag)]
        if label == Lang.SME:
            n_legacy = int(target * config.legacy_share)
            for _ in range(n_legacy):
                text = random_legacy(rng.choice(pool), rng)
                chosen.append(fragment(text, rng, 1, 8) if rng.random() < 0.3 else text)
        examples += [(label, t) for t in (preprocess(c) for c in chosen) if t]
    rng.shuffle(examples)
    return examples


def write_fasttext_file(examples: list[tuple[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for label, text in examples:
            fh.write(f"__label__{label} {text}\n")
