"""NFC and whitespace normalization: the same text always becomes the same bytes.

Why these rules: exact dedup hashes the normalized text, so two copies of a page that differ only in
line endings, NFD accents (common on macOS-made pages: "å" as a + ring), non-breaking spaces or trailing
blanks must normalize to the same string. Paragraph breaks (blank lines) carry structure that LID and the
quality filters use, so we keep them, collapsed to exactly one blank line.
"""

from __future__ import annotations

import re
import unicodedata

from datatrove.pipeline.formatters.base import BaseFormatter

_BLANK_LINES = re.compile(r"\n{3,}")
# whitespace other than the space and the line feed (str.isspace: tabs, NBSP, thin and ideographic spaces,
# separators, ...; all of them are below U+3001)
ODD_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in " \n")
ODD_SPACE = re.compile(f"[{re.escape(ODD_SPACES)}]")


def normalize_text(text: str, nfc: bool = True) -> str:
    """NFC, LF line endings, single spaces inside lines, at most one blank line between paragraphs.

    `nfc` False: the text is NFC already (`clean` composes it last), and the NFC pass is skipped (~0.1 s per
    100 MB); the rules below only replace or remove whitespace, which composes with nothing."""
    if nfc:
        text = unicodedata.normalize("NFC", text)
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = (
            text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
        )
    # Every whitespace run inside a line (tabs, NBSP, thin and ideographic spaces: whatever str.isspace
    # calls whitespace, as regex \s does) becomes one space and the line's edges lose theirs.
    # str.split/join per line does this in C, 4-5x faster than the equivalent regex substitutions; and
    # most text has nothing to do (only single spaces inside its lines), which four C scans tell first.
    if "  " in text or " \n" in text or "\n " in text or ODD_SPACE.search(text):
        text = "\n".join([" ".join(line.split()) for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


class UnicodeNormalizer(BaseFormatter):
    name = "🔤 NFC + whitespace"

    def format(self, text: str) -> str:
        return normalize_text(text)
