"""Rule-based sentence segmentation for Bokmål, Nynorsk and North Sámi (no downloaded models).

Used for statistics and tokenizer sampling, where a rare wrong split costs little but a model download
or a spaCy pipeline (0.35 MB/s) costs a lot. A sentence ends at `.`, `!`, `?` or `…` (optionally followed
by closing quotes/brackets) when the next word starts with an upper-case letter, a digit or an opening
quote, unless the word before the period is a known abbreviation of the language or a single letter
(an initial). Line breaks always end a sentence: paragraphs and list items are units of their own.
"""

from __future__ import annotations

import re

from norcorpus.langs import Lang

# Lower-cased, without the final period. Abbreviations containing periods are listed as written inside
# ("bl.a" for "bl.a."), since the candidate word is everything since the previous space.
_COMMON = {
    "ca",
    "dvs",
    "etc",
    "evt",
    "f.eks",
    "fig",
    "jf",
    "jfr",
    "kap",
    "kl",
    "mill",
    "mrd",
    "nr",
    "o.l",
    "osv",
    "pga",
    "pkt",
    "s",
    "st",
    "stk",
    "tlf",
    "vs",
    "mv",
    "m.m",
    "m.v",
    "bl.a",
    "t.o.m",
    "f.o.m",
    "dr",
    "prof",
    "ref",
    "adv",
    "avd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "des",
}
ABBREVIATIONS: dict[Lang, frozenset[str]] = {
    Lang.NOB: frozenset(
        _COMMON
        | {
            "ang",
            "bl.a",
            "ekskl",
            "f.kr",
            "e.kr",
            "forts",
            "gl",
            "hhv",
            "iflg",
            "ifm",
            "iht",
            "inkl",
            "istf",
            "jr",
            "kr",
            "mht",
            "min",
            "mnd",
            "nå",
            "o.a",
            "ol",
            "red",
            "sen",
            "sml",
            "sr",
            "tidl",
            "vha",
            "ø.l",
            "alm",
            "dept",
            "utg",
            "jnr",
            "reg",
            "hr",
            "fr",
            "frk",
            "nrk",
        }
    ),
    Lang.NNO: frozenset(
        _COMMON
        | {
            "t.d",
            "m.a",
            "høvesvis",
            "hhv",
            "iflg",
            "ifm",
            "iht",
            "inkl",
            "kr",
            "mht",
            "mnd",
            "o.a",
            "ol",
            "red",
            "sjå",
            "tidl",
            "utg",
            "dept",
            "f.kr",
            "e.kr",
            "el",
            "eig",
        }
    ),
    # ee. = earret eará (among others), jna. = ja nu ain (etc.), dmd. = dahje muđui dakkár, gč. = geahča
    # (see), ovd.ov. = ovdamearkka dihtii (for example), St.dieđ. = stuoradiggedieđáhus (white paper)
    Lang.SME: frozenset(
        _COMMON
        | {
            "ee",
            "jna",
            "dmd",
            "gč",
            "ovd",
            "ovd.ov",
            "o.d",
            "vrd",
            "kr",
            "st.dieđ",
            "dieđ",
            "prp",
            "ot.prp",
            "nr",
            "s",
            "st",
        }
    ),
}

# A candidate break: terminal punctuation, optional closing quotes/brackets, whitespace, then the start
# of the next sentence. The word before the punctuation is checked in Python (abbreviations).
_BREAK = re.compile(r"([.!?…]+)([\"'»”’)\]]*)(\s+)(?=[\"'«“‘(\[]?[\d\w])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _starts_sentence(text: str, pos: int) -> bool:
    head = text[pos : pos + 2].lstrip("\"'«“‘([")
    return bool(head) and (head[0].isupper() or head[0].isdigit())


def split_sentences(text: str, lang: Lang | str | None = None) -> list[str]:
    """The sentences of `text`, stripped and in order; `lang` picks the abbreviation list (default nob)."""
    try:
        abbrevs = ABBREVIATIONS.get(Lang(lang) if lang else Lang.NOB, ABBREVIATIONS[Lang.NOB])
    except ValueError:
        abbrevs = ABBREVIATIONS[Lang.NOB]
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BREAK.finditer(line):
            if not _starts_sentence(line, match.end()):
                continue
            if match.group(1) == ".":
                word = _WORD_BEFORE.search(line, start, match.start())
                token = word.group(1).lower().lstrip("\"'«“‘([") if word else ""
                if token in abbrevs or (len(token) == 1 and token.isalpha()):
                    continue
            sentences.append(line[start : match.end(2)])
            start = match.end()
        if start < len(line):
            sentences.append(line[start:])
    return sentences
