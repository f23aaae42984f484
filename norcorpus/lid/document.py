"""Document-level LID: one prediction per paragraph, aggregated to a document label weighted by characters.

Paragraphs are the lines of the text (blank-line and single-newline layouts both end up as lines).
Paragraphs shorter than `min_paragraph_chars` get no vote of their own: they are kept in the paragraph list
as `und`. If no paragraph is long enough, the whole text is predicted as one paragraph.

The document label is the label with the most voted characters. Its score is the character-weighted mean
probability of the paragraphs carrying it, multiplied by its share of the voted characters, so a document
that is 60 % Bokmål and 40 % Sámi scores at most 0.6. The label is `und` when the text is shorter than
`min_chars`, or when the score is below the label's threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

from norcorpus.langs import Lang
from norcorpus.lid.config import LidConfig
from norcorpus.lid.model import LidModel

_NO_MIX = frozenset({Lang.UND, Lang.OTHER})


@dataclass(frozen=True)
class ParagraphLid:
    lang: Lang
    score: float
    chars: int

    def as_dict(self) -> dict:
        return {"lang": self.lang.value, "score": round(self.score, 4), "chars": self.chars}


@dataclass(frozen=True)
class DocumentLid:
    lang: Lang  # the decision (und when abstaining)
    score: float
    top: Lang  # the best label before abstention, so a manifest can still see what it was
    mixed: bool
    paragraphs: list[ParagraphLid]


def split_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def label_document(text: str, model: LidModel, config: LidConfig) -> DocumentLid:
    """Paragraph predictions and the document decision (see the module docstring)."""
    paragraphs = split_paragraphs(text)
    total_chars = sum(len(p) for p in paragraphs)
    if total_chars < max(config.min_chars, 1):
        return DocumentLid(Lang.UND, 0.0, Lang.UND, False, [ParagraphLid(Lang.UND, 0.0, len(p)) for p in paragraphs])
    voters = [i for i, p in enumerate(paragraphs) if len(p) >= config.min_paragraph_chars]
    results = [ParagraphLid(Lang.UND, 0.0, len(p)) for p in paragraphs]
    if voters:
        for i, (lang, score) in zip(voters, model.predict_many([paragraphs[i] for i in voters])):
            results[i] = ParagraphLid(lang, score, len(paragraphs[i]))
        votes = [results[i] for i in voters]
    else:
        lang, score = model.predict(" ".join(paragraphs))
        votes = [ParagraphLid(lang, score, total_chars)]
    chars: dict[Lang, int] = {}
    mass: dict[Lang, float] = {}
    for v in votes:
        chars[v.lang] = chars.get(v.lang, 0) + v.chars
        mass[v.lang] = mass.get(v.lang, 0.0) + v.chars * v.score
    voted = sum(chars.values())
    # ties go to the label that comes first in Lang, so the result never depends on dict order
    order = {lang: n for n, lang in enumerate(Lang)}
    top = min(chars, key=lambda lang: (-chars[lang], order[lang]))
    score = mass[top] / voted if voted else 0.0
    mixed = any(
        lang not in _NO_MIX and lang != top and n / voted >= config.mixed_min_share for lang, n in chars.items()
    )
    lang = top if top is not Lang.UND and score >= config.threshold(top) else Lang.UND
    return DocumentLid(lang, round(score, 4), top, mixed, results)
