"""Document-level LID: one prediction per paragraph, aggregated to a document label weighted by characters.

Paragraphs are the lines of the text (blank-line and single-newline layouts both end up as lines).
Paragraphs shorter than `min_paragraph_chars` get no vote of their own: they are kept in the paragraph list
as `und`. If no paragraph is long enough, the whole text is predicted as one paragraph.

The document label is the label with the most voted characters. Its score is the character-weighted mean
probability of the paragraphs carrying it, multiplied by its share of the voted characters, so a document
that is 60 % Bokmål and 40 % Sámi scores at most 0.6. The label is `und` when the text is shorter than
`min_chars`, or when the score is below the label's threshold.

Speed (the build tags every document): the model reads at most `max_chars_per_paragraph` characters of a
paragraph (cut at a word boundary), while the paragraph still votes with its full length: fastText's cost
grows with every character; the default of 512 (LidConfig) still reads most web paragraphs whole, and
telling Danish from Bokmål can need more than 128-192 characters. A paragraph longer than
`first_read_chars` is read in two steps: its start first, and up to the cap only when the model is not sure
of that start (below `settled_score`), which most paragraphs are. And `label_documents` sends the
paragraphs of many documents to fastText in one call.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from norcorpus.langs import Lang
from norcorpus.lid.config import LidConfig
from norcorpus.lid.model import LidModel

_NO_MIX = frozenset({Lang.UND, Lang.OTHER})
# ties go to the label that comes first in Lang, so the result never depends on dict order
_ORDER = {lang: n for n, lang in enumerate(Lang)}


# Lang.value goes through an enum descriptor (~1 µs); the build asks it once per paragraph
_VALUE = {lang: lang.value for lang in Lang}


_tuple_new = tuple.__new__


class ParagraphLid(NamedTuple):  # a tuple: one is made per paragraph of every document
    lang: Lang
    score: float
    chars: int

    def as_dict(self) -> dict:
        return {"lang": _VALUE[self.lang], "score": round(self.score, 4), "chars": self.chars}


@dataclass(frozen=True)
class DocumentLid:
    lang: Lang  # the decision (und when abstaining)
    score: float
    top: Lang  # the best label before abstention, so a manifest can still see what it was
    mixed: bool
    paragraphs: list[ParagraphLid]


class _Votes(Enum):
    NONE = "too short: und without asking the model"
    PARAGRAPHS = "each long enough paragraph is one query and votes with its length"
    WHOLE = "no paragraph is long enough: the joined text is one query"


def split_paragraphs(text: str) -> list[str]:
    return [p for p in (line.strip() for line in text.splitlines()) if p]


def clip(text: str, max_chars: int) -> str:
    """The first `max_chars` characters of `text`, cut back to a word boundary when there is one (0: all)."""
    if max_chars <= 0 or len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars + 1)
    # no space in the second half (one long token, scripts without spaces): a plain cut
    return text[:cut] if cut > max_chars // 2 else text[:max_chars]


def label_document(text: str, model: LidModel, config: LidConfig) -> DocumentLid:
    """Paragraph predictions and the document decision (see the module docstring)."""
    return label_documents([text], model, config)[0]


def label_documents(texts: Sequence[str], model: LidModel, config: LidConfig) -> list[DocumentLid]:
    """`label_document` for many texts, with one call into fastText for all their paragraphs."""
    cap = config.max_chars_per_paragraph
    first = config.first_read_chars
    if first <= 0 or 0 < cap <= first:  # one read
        first = cap
    vote_chars = config.min_paragraph_chars
    min_chars = max(config.min_chars, 1)
    two_reads = first != cap
    # a paragraph of up to `whole` characters is asked as it is (0: any); a longer one is clipped, and with
    # two reads first read up to `first`. (The loop below is `ask` inlined: it runs for every paragraph.)
    whole = first if two_reads else cap
    plans: list[tuple[list[int], _Votes]] = []  # per text: its paragraph lengths and how it is decided
    queries: list[str] = []
    longer: list[tuple[int, str]] = []  # (query, paragraph) read only up to `first` so far

    def ask(paragraph: str) -> None:
        if two_reads and len(paragraph) > first:
            longer.append((len(queries), paragraph))
            queries.append(clip(paragraph, first))
        else:
            queries.append(clip(paragraph, cap))

    for text in texts:
        paragraphs = [p for p in map(str.strip, text.splitlines()) if p]  # split_paragraphs
        lengths = list(map(len, paragraphs))
        if sum(lengths) < min_chars:
            plans.append((lengths, _Votes.NONE))
            continue
        voters = [p for p, n in zip(paragraphs, lengths, strict=True) if n >= vote_chars]
        if voters:
            for paragraph in voters:
                if whole <= 0 or len(paragraph) <= whole:
                    queries.append(paragraph)
                else:
                    ask(paragraph)
            plans.append((lengths, _Votes.PARAGRAPHS))
        else:
            ask(" ".join(paragraphs))
            plans.append((lengths, _Votes.WHOLE))
    answers = model.predict_many(queries)
    unsure = [(n, p) for n, p in longer if answers[n][1] < config.settled_score]
    if unsure:  # the second read, up to the cap
        for (n, _), answer in zip(unsure, model.predict_many([clip(p, cap) for _, p in unsure]), strict=True):
            answers[n] = answer
    predictions = iter(answers)
    return [_decide(lengths, how, predictions, config) for lengths, how in plans]


def _decide(
    lengths: list[int], how: _Votes, predictions: Iterator[tuple[Lang, float]], config: LidConfig
) -> DocumentLid:
    """One text's paragraph labels and decision, taking its predictions from `predictions` in order."""
    chars: dict[Lang, int] = {}
    mass: dict[Lang, float] = {}
    if how is _Votes.PARAGRAPHS:
        vote_chars = config.min_paragraph_chars
        results = []
        append, und = results.append, Lang.UND
        for n in lengths:  # (tuple.__new__: a NamedTuple's own __new__ is a Python call per paragraph)
            if n < vote_chars:
                append(_tuple_new(ParagraphLid, (und, 0.0, n)))
                continue
            lang, score = next(predictions)
            append(_tuple_new(ParagraphLid, (lang, score, n)))
            chars[lang] = chars.get(lang, 0) + n
            mass[lang] = mass.get(lang, 0.0) + n * score
    else:
        results = [ParagraphLid(Lang.UND, 0.0, n) for n in lengths]
        if how is _Votes.NONE:
            return DocumentLid(Lang.UND, 0.0, Lang.UND, False, results)
        lang, score = next(predictions)
        total = sum(lengths)
        chars[lang], mass[lang] = total, total * score
    voted = sum(chars.values())
    top = min(chars, key=lambda lang: (-chars[lang], _ORDER[lang]))
    score = mass[top] / voted if voted else 0.0
    mixed = any(
        lang not in _NO_MIX and lang != top and n / voted >= config.mixed_min_share for lang, n in chars.items()
    )
    lang = top if top is not Lang.UND and score >= config.threshold(top) else Lang.UND
    return DocumentLid(lang, round(score, 4), top, mixed, results)
