"""Mojibake repair, invisible characters, NFC and whitespace: one formatter step, each part switchable.

Order matters: ftfy first (it reads C1 control characters as the cp1252 bytes they stand for), then the
invisible characters go, then `normalize_text` (NFC, line endings, spaces), so the output is always NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from ftfy.badness import is_bad

from norcorpus.normalize.config import NormalizeConfig
from norcorpus.normalize.unicode_normalizer import normalize_text

# Only the encoding-level fixes; everything that rewrites *valid* text (curly quotes, ligatures, width,
# HTML entities, NFC) stays off: valid Norwegian or Icelandic text must come out byte-identical.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# A cheap screen before ftfy's own detector (a large regex that runs at ~3 MB/s): UTF-8 read as cp1252 or
# Latin-1 always shows a lead byte (Â..ß, or à..ï for three-byte sequences) followed by one (two)
# continuation bytes (0x80-0xBF as cp1252 or Latin-1 shows them, or U+FFFD where one was lost); North
# Sámi's everyday "áš" and "áž" look like half a three-byte sequence, so two continuations are required.
# ftfy's other fixes need a C1 control, an ANSI escape or a lone surrogate. Text without any of these has
# nothing for ftfy's encoding fixes to do.
_CONTINUATION = (
    "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
    "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd"
)
# Scanned as one pattern that starts with one character class, a lead and one continuation: Python's
# regex engine then runs a C prefix scan (~110 MB/s; an alternation of the shapes ran at ~35 MB/s), and
# the few pairs found are told apart in Python (a three-byte lead needs a second continuation).
_LEAD_CONTINUATION = re.compile(f"[\xc2-\xef][{_CONTINUATION}]")
_CONTINUATIONS = frozenset(re.findall(f"[{_CONTINUATION}]", "".join(map(chr, range(0x10000)))))
_C1_ESC_SURROGATE = re.compile("[\x80-\x9f\x1b\ud800-\udfff]")

# C0 controls except TAB/LF/CR, DEL, C1 controls left after ftfy, zero-width and bidi marks, BOM, soft
# hyphen, word joiner and other invisible format characters. Tabs and line breaks are whitespace.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb]"
)


# What a repair may introduce: the characters that Nordic text double-encoded as UTF-8 really holds
# (Latin-1 letters and signs, the Sámi letters, general punctuation, € and ™). ftfy is sure that "Æ§" is
# mojibake of "Ƨ" and "Å§" of "ŧ"; a fix that creates a character outside this set is refused.
_PLAUSIBLE = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x100)]
    + [chr(c) for c in range(0x2010, 0x2028)]
    + [chr(c) for c in range(0x2030, 0x205F)]
    + list("\n\t€™čđŋšŧžČĐŊŠŦŽŒœŸƒˆ˜")
)


def _decodes_plausibly(sequence: str) -> bool:
    for codec in ("cp1252", "latin-1"):
        try:
            return _PLAUSIBLE.issuperset(sequence.encode(codec).decode("utf-8"))
        except UnicodeError:
            continue
    return False


def _worth_fixing(text: str, suspect: bool = True) -> bool:
    """Whether the text holds a C1 control/escape/surrogate, or a lead + continuation sequence that decodes
    (as UTF-8) to a plausible letter. North Sámi "ášš" is a valid three-byte sequence (U+169A, Ogham), but
    not a plausible one, and Sámi documents hold thousands: each distinct sequence is decoded once.
    `suspect` False: the caller's _SUSPECT scan found no C1 control, escape or surrogate."""
    if suspect and _C1_ESC_SURROGATE.search(text):
        return True
    implausible: set[str] = set()
    for match in _LEAD_CONTINUATION.finditer(text):
        seq = match.group()
        if seq[0] >= "\xe0":  # three-byte lead: only with a second continuation
            end = match.end()
            if end == len(text) or text[end] not in _CONTINUATIONS:
                continue
            seq += text[end]
        if seq in implausible:
            continue
        if _decodes_plausibly(seq):
            return True
        implausible.add(seq)
    return False


def fix_mojibake(text: str, suspect: bool = True) -> str:
    """ftfy's encoding fixes, where ftfy's badness detector (or a C1/escape/surrogate) flags the text and
    the fix only creates plausible characters. (`suspect`: see _worth_fixing.)"""
    if not _worth_fixing(text, suspect) or not (is_bad(text) or (suspect and _C1_ESC_SURROGATE.search(text))):
        return text
    fixed = ftfy.fix_text(text, _FTFY)
    if fixed != text and not _PLAUSIBLE.issuperset(set(fixed).difference(text)):
        return text
    return fixed


# The C1 controls, ESC and surrogates of _C1_ESC_SURROGATE are invisible characters or surrogates: one scan
# for this class tells most text that neither the C1 check nor the removal has anything to do.
_SUSPECT = re.compile(_INVISIBLE.pattern[:-1] + "\ud800-\udfff]")


def remove_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


@dataclass(frozen=True)
class Cleaned:
    text: str
    mojibake_fixed: bool
    invisible_removed: bool


_MAX_ROUNDS = 4  # repairs that each uncover another end here (ftfy fixes one layer per pass in rare texts)


def clean(text: str, config: NormalizeConfig | None = None) -> Cleaned:
    """Mojibake, invisible characters, then NFC and whitespace; repeated while a round changes the text
    before the whitespace rules, because a repair, a removed invisible character or a composed accent can
    line up a new lead + continuation pair ("Ä\x80Â¡" → "ÄÂ¡" → "Ä¡"): the result is a fixed point."""
    config = config or NormalizeConfig()
    fixed_any = removed_any = False
    for _ in range(_MAX_ROUNDS):
        suspect = _SUSPECT.search(text) is not None
        fixed = fix_mojibake(text, suspect) if config.fix_mojibake else text
        # a repair may decode to an invisible character: only unchanged, unsuspect text skips the removal
        visible = remove_invisible(fixed) if config.remove_invisible and (suspect or fixed != text) else fixed
        composed = unicodedata.normalize("NFC", visible)
        fixed_any |= fixed != text
        removed_any |= len(visible) != len(fixed)
        if composed == text:
            break
        text = composed
    return Cleaned(normalize_text(text, nfc=False), fixed_any, removed_any)  # text is NFC (composed last)


def clean_text(text: str, config: NormalizeConfig | None = None) -> str:
    """The normalizer's text function (idempotent: clean_text(clean_text(t)) == clean_text(t))."""
    return clean(text, config).text


class TextNormalizer(PipelineStep):
    """Writes `mojibake_fixed` (bool); counts `mojibake_fixed` and `invisible_removed` documents."""

    name = "🔤 normalize text"
    type = "✂️ - FORMAT"

    def __init__(self, config: NormalizeConfig | None = None):
        super().__init__()
        self.config = config or NormalizeConfig()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                result = clean(doc.text, self.config)
                if result.mojibake_fixed:
                    self.stat_update("mojibake_fixed")
                if result.invisible_removed:
                    self.stat_update("invisible_removed")
                doc.text = result.text
                doc.metadata["mojibake_fixed"] = result.mojibake_fixed
            yield doc
