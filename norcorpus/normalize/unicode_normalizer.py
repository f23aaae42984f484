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

# Unicode space separators (NBSP, thin space, ideographic space, ...) and tabs become a plain space.
_SPACES = re.compile(r"[^\S\n]+")
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, LF line endings, single spaces inside lines, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    # whole-text passes (not per line): every whitespace run inside a line is one space, then the
    # spaces at line edges go; the same result as stripping each line, several times faster
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


class UnicodeNormalizer(BaseFormatter):
    name = "🔤 NFC + whitespace"

    def format(self, text: str) -> str:
        return normalize_text(text)
