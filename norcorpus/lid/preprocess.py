"""The one text preprocessing of norcorpus LID models, shared by training and prediction.

A model only works well on text prepared exactly as its training text was, so training (`lid train`) and
prediction (`LidModel`) both call `preprocess`. What it does, and why:

- lower case: the training data is small; case carries almost no language signal but splits every n-gram.
- URLs and e-mail addresses → space: they are language-neutral and would dominate short lines.
- punctuation (Unicode category P*) and ASCII symbols → space: quote and dash styles differ between
  sources, not between languages. Other symbols stay, because legacy Sámi encodings put letters on them
  (mac-sami read as Mac Roman writes č as ∏, ŋ as ∫).
- every decimal digit → `0`: numbers say nothing about the language, their shape a little about junk.
- whitespace (newlines included: fastText reads one line per example) collapsed to one space.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

PREPROCESS_VERSION = "norcorpus-lid-v1"

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")


def _build_table() -> list[str]:
    # A list indexed by code point is the fastest table str.translate accepts (several times faster than a
    # dict). It covers the Basic Multilingual Plane; characters above it are left as they are.
    # lower-casing is folded into the table: one pass over the text instead of two
    table = [chr(cp).lower() for cp in range(0x10000)]
    for cp in range(0x10000):
        cat = unicodedata.category(chr(cp))
        if cat.startswith("P") or (cp < 128 and cat.startswith("S")) or cat in _SPACE_CATEGORIES:
            table[cp] = " "
        elif cat == "Nd":
            table[cp] = "0"
    return table


_SPACE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
_TABLE = _build_table()

# The fast path. str.translate looks every character up one by one (~35 ns each); text made only of the
# 256 characters of this 8-bit code page goes through three C loops instead (encode to the code page,
# bytes.translate, decode), about 1.6x faster. The code page: ASCII, Latin-1 without its C1 controls, the
# Sámi letters, the typographic punctuation of Nordic text, the mac-sami letters of legacy Sámi, and the
# most frequent others of the LID data (99.7 % of its non-Latin-1 characters are here). Text with any other
# character takes the table; both paths give the same output (tests/test_lid_units.py checks every BMP
# character).
_CODEPAGE = "".join(
    [chr(cp) for cp in range(0x80)]
    + [chr(cp) for cp in range(0xA0, 0x100)]
    + list("šŠđĐčČžŽŋŊŧŦ" "–‐”“—’…•‘„" "∏π∫∞∑Ωω" "€\ufffd\uf0b7")
)
_ENCODE = codecs.charmap_build(_CODEPAGE)
# byte -> byte of the table's answer: every answer for a code-page character is itself in the code page
_BYTES = bytes(_CODEPAGE.index(_TABLE[ord(ch)]) for ch in _CODEPAGE)


def preprocess(text: str) -> str:
    """Text as the model sees it: one line, lower case, no punctuation, digits as 0 (see module doc)."""
    if "://" in text or "@" in text or "www." in text:
        text = _URL.sub(" ", text)
    try:
        encoded = codecs.charmap_encode(text, "strict", _ENCODE)[0]
    except UnicodeEncodeError:
        # characters above the BMP are not in the table: they keep their case (emoji, rare scripts)
        return " ".join(text.translate(_TABLE).split())
    return " ".join(codecs.charmap_decode(encoded.translate(_BYTES), "strict", _CODEPAGE)[0].split())


# The batch form of the tables: the same answers, except that a line break stays a line break (it separates
# the texts of a batch; within one text, line breaks become spaces as in the tables above).
_TABLE_LINES = list(_TABLE)
_TABLE_LINES[ord("\n")] = "\n"
_NL = _CODEPAGE.index("\n")
_BYTES_LINES = bytes(_NL if i == _NL else b for i, b in enumerate(_BYTES))
_LINES_CHUNK = 512


def model_lines(texts: list[str]) -> list[str]:
    """The texts as a fastText model reads them: `preprocess` of each, with its runs of spaces left in.

    fastText splits a line into words at any run of whitespace, so the uncollapsed line gives the model
    exactly the words of `preprocess(text)`, and so the same prediction: `" ".join(line.split())` is
    `preprocess(text)`. A text with nothing left is blank (empty or all spaces). Why a batch form: LID asks
    about every paragraph of every document (~4,000 per MB of web text), and one call per paragraph costs
    more than the work itself. The texts are joined by line breaks, which the batch tables keep, and
    translated together through the code page (a text with a character outside it takes the full table on
    its own); collapsing the spaces would cost as much again, and the model does not need it. A text that
    holds a line break itself sends the batch back to one call per text.
    """
    if len(texts) > _LINES_CHUNK:  # bounded chunks: each text outside the code page copies the rest once
        return [out for i in range(0, len(texts), _LINES_CHUNK) for out in model_lines(texts[i : i + _LINES_CHUNK])]
    if not texts:
        return []
    # URLs and addresses first, per text: the pattern is slow to scan over text that cannot hold one
    texts = [_URL.sub(" ", t) if "://" in t or "@" in t or "www." in t else t for t in texts]
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return [preprocess(text) for text in texts]
    pieces: list[str] = []
    start = 0
    while True:
        rest = joined[start:] if start else joined
        try:
            encoded = codecs.charmap_encode(rest, "strict", _ENCODE)[0]
        except UnicodeEncodeError as err:
            # the texts before the one that holds the character go through the code page; that one
            # through the full table; then on with the rest
            line_start = rest.rfind("\n", 0, err.start) + 1
            line_end = rest.find("\n", err.end)
            line_end = len(rest) if line_end < 0 else line_end
            if line_start:
                good = codecs.charmap_encode(rest[:line_start], "strict", _ENCODE)[0]
                pieces.append(codecs.charmap_decode(good.translate(_BYTES_LINES), "strict", _CODEPAGE)[0])
            pieces.append(rest[line_start:line_end].translate(_TABLE_LINES))
            if line_end == len(rest):
                break
            pieces.append("\n")
            start += line_end + 1
            continue
        pieces.append(codecs.charmap_decode(encoded.translate(_BYTES_LINES), "strict", _CODEPAGE)[0])
        break
    return "".join(pieces).split("\n")


def letter_count(text: str) -> int:
    """Number of letters (used to tell junk without any letters from text)."""
    return sum(1 for ch in text if ch.isalpha())
