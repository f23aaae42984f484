"""North Sámi text that went through a legacy 8-bit encoding and was decoded with the wrong code page.

Before Unicode, North Sámi was written in several 8-bit encodings (WinSami2, WinSam, Mac-Sámi, ISO-8859-4
(Latin-4), ISO-IR-197). Pages and documents made in them were later decoded as cp1252, Latin-1 or Mac
Roman, so `č đ ŋ š ŧ ž` came out as `„ ˜ ¹ ...`, `ç ð ñ ó ý þ`, `∏ π ∫ ª º Ω` and so on. divvun's
CorpusTools (`corpustools/decode.py`) documents the confusions seen in the Giellatekno corpus; we model
each confusion as a pair (the true legacy code page, the code page that wrongly decoded it) and *derive*
the repair table from the two byte→character tables, so a repair is the exact inverse of the damage.

Each legacy code page is a known base table (cp1252, Latin-1 or Mac Roman) with the byte positions that
hold Sámi letters overridden. For the cp1252-family pages only the overridden positions differ from the
wrong decoder, so their repair tables touch nothing but the Sámi letters' stand-ins. A Mac-Sámi page
decoded as cp1252/Latin-1 differs in every byte above 0x7F, so its table maps every such character back.

This module is pure (no I/O, no models); `SamiRepairer` decides *whether* to apply a table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

# The letters a legacy confusion destroys, lower and upper case.
SAMI_LETTERS = frozenset("čđŋšŧžáČĐŊŠŦŽÁ")
_NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")

# Byte positions of the Sámi letters in each legacy code page (from the confusions CorpusTools records,
# re-expressed as bytes). Positions not listed keep the base table's character.
_WINSAMI2 = {
    0x82: "Č",
    0x84: "č",
    0x89: "Đ",
    0x98: "đ",
    0xB8: "Ŋ",
    0xB9: "ŋ",
    0xBA: "Ŧ",
    0xBC: "ŧ",
    0xBE: "Ž",
    0xBF: "ž",
}
_WINSAM = {
    0xC7: "Č",
    0xD0: "Đ",
    0xD1: "Ŋ",
    0xD3: "Š",
    0xDD: "Ŧ",
    0xDE: "Ž",
    0xE7: "č",
    0xF0: "đ",
    0xF1: "ŋ",
    0xF3: "š",
    0xFD: "ŧ",
    0xFE: "ž",
}
_ISO_IR_197 = {
    0xA1: "Č",
    0xA2: "č",
    0xA3: "Đ",
    0xA4: "đ",
    0xAF: "Ŋ",
    0xB1: "ŋ",
    0xB2: "Š",
    0xB3: "š",
    0xB5: "Ŧ",
    0xB8: "ŧ",
    0xB9: "Ž",
    0xBA: "ž",
}
_MAC_SAMI = {
    0xA2: "Č",
    0xB0: "Đ",
    0xB1: "Ŋ",
    0xB4: "Š",
    0xB5: "Ŧ",
    0xB7: "Ž",
    0xB8: "č",
    0xB9: "đ",
    0xBA: "ŋ",
    0xBB: "š",
    0xBC: "ŧ",
    0xBD: "ž",
}


def _decode_table(codec: str) -> list[str | None]:
    """byte → character of a Python codec; None where the codec leaves the byte undefined."""
    table: list[str | None] = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            table.append(None)
    return table


def _web_cp1252() -> list[str | None]:
    # What browsers and most crawlers call "latin1"/"cp1252": cp1252, with its five undefined bytes
    # passed through as the C1 control of the same number (as Latin-1 does).
    return [c if c is not None else chr(b) for b, c in enumerate(_decode_table("cp1252"))]


def _with_overrides(base: list[str | None], overrides: dict[int, str]) -> list[str | None]:
    table = list(base)
    for byte, char in overrides.items():
        table[byte] = char
    return table


@dataclass(frozen=True)
class Confusion:
    """A legacy code page whose bytes were decoded with another (wrong) code page."""

    name: str
    legacy: tuple[str | None, ...]  # byte → the character the author wrote
    wrong: tuple[str | None, ...]  # byte → the character the text now shows
    sami_only: bool  # repair only characters whose true form is a Sámi letter
    repair_table: dict[int, str] = field(init=False, repr=False, compare=False)
    damage_table: dict[int, str] = field(init=False, repr=False, compare=False)
    encodable: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        repair: dict[int, str] = {}
        for byte in range(0x80, 0x100):
            true, shown = self.legacy[byte], self.wrong[byte]
            if true is None or shown is None or true == shown:
                continue
            if self.sami_only and true not in SAMI_LETTERS:
                continue
            repair[ord(shown)] = true
        object.__setattr__(self, "repair_table", repair)
        object.__setattr__(self, "damage_table", {ord(v): chr(k) for k, v in repair.items()})
        encodable = frozenset(chr(b) for b in range(0x80)) | frozenset(
            c for c in self.legacy if c is not None
        )
        object.__setattr__(self, "encodable", encodable)

    def repair(self, text: str) -> str:
        return text.translate(self.repair_table)

    def can_encode(self, text: str) -> bool:
        """Whether `text` could have been written in the legacy code page at all."""
        return self.encodable.issuperset(text)

    def damage(self, text: str) -> str:
        """The text as it looks after the confusion (for tests and the benchmark; needs can_encode)."""
        return text.translate(self.damage_table)


def _confusions() -> tuple[Confusion, ...]:
    cp1252 = _web_cp1252()
    latin1 = _decode_table("latin-1")
    mac = _decode_table("mac-roman")
    latin4 = _decode_table("iso8859-4")
    mac_sami = tuple(_with_overrides(mac, _MAC_SAMI))
    return (
        Confusion("winsami2_as_cp1252", tuple(_with_overrides(cp1252, _WINSAMI2)), tuple(cp1252), True),
        Confusion("winsam_as_cp1252", tuple(_with_overrides(cp1252, _WINSAM)), tuple(cp1252), True),
        Confusion("latin4_as_cp1252", tuple(latin4), tuple(cp1252), True),
        Confusion("iso_ir_197_as_cp1252", tuple(_with_overrides(latin1, _ISO_IR_197)), tuple(cp1252), True),
        Confusion("macsami_as_macroman", mac_sami, tuple(mac), False),
        Confusion("macsami_as_cp1252", mac_sami, tuple(cp1252), False),
        Confusion("macsami_as_latin1", mac_sami, tuple(latin1), False),
    )


CONFUSIONS: tuple[Confusion, ...] = _confusions()
CONFUSION_BY_NAME = {c.name: c for c in CONFUSIONS}


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(re.escape(ch) for ch in set(chars))) + "]")


# How common each letter is in North Sámi running text (natural log of its count in the GiellaLT free
# corpus, about 92 M characters). When two confusions explain the same stand-ins (Latin-4 reads `¹` as š,
# WinSami2 as ŋ), the reading that produces the commoner letters wins.
_SAMI_WEIGHT = {
    "á": 15.1,
    "š": 13.7,
    "đ": 13.3,
    "č": 13.0,
    "ž": 12.1,
    "ŋ": 11.2,
    "Á": 10.6,
    "Č": 10.2,
    "ŧ": 10.0,
    "Š": 8.3,
    "Đ": 6.5,
    "Ž": 4.4,
    "Ŋ": 4.4,
    "Ŧ": 3.0,
}
assert set(_SAMI_WEIGHT) == SAMI_LETTERS
_NORWEGIAN_WEIGHT = 13.0  # a Norwegian letter a repair destroys counts against it like a common letter


def _char_weight(ch: str) -> float:
    return _SAMI_WEIGHT.get(ch, 0.0) - (_NORWEGIAN_WEIGHT if ch in _NORWEGIAN_LETTERS else 0.0)


# Per confusion: stand-in → how much one repair of it is worth (Sámi letter made, less letter destroyed).
_GAIN = {
    c.name: {chr(k): _char_weight(v) - _char_weight(chr(k)) for k, v in c.repair_table.items()}
    for c in CONFUSIONS
}
# The stand-ins of Sámi letters, over all confusions. A repair can only create Sámi letters where the text
# holds these, so a text with none of them is left alone after one regex scan (most text is).
_ANY_STANDIN = _char_class(chr(k) for c in CONFUSIONS for k, v in c.repair_table.items() if v in SAMI_LETTERS)


def has_suspects(text: str) -> bool:
    """Whether the text holds a character that some confusion turns into a Sámi letter."""
    return _ANY_STANDIN.search(text) is not None


_A_ACUTE = frozenset("áÁ")


@dataclass(frozen=True)
class RepairCandidate:
    confusion: Confusion
    source: str  # the text as it came
    gain: float  # weighted Sámi letters made, less Norwegian letters destroyed
    has_a_acute: bool  # whether the repaired text holds á or Á (known from the counts, before repairing)

    @cached_property
    def text(self) -> str:
        # built only when asked: str.translate with a table runs at ~15 MB/s, and most candidates (Norwegian
        # text whose «» quotes look like Mac-Sámi š) are turned down before their text is needed
        return self.confusion.repair(self.source)


# Per confusion: the Sámi letters it destroys. A text it damaged has (almost) none of them left.
_TARGETS = {c.name: frozenset(v for v in c.repair_table.values() if v in SAMI_LETTERS) for c in CONFUSIONS}
# One scan counts every character any confusion's decision reads (stand-ins and the letters they destroy):
# per-confusion regex passes cost several times more on the Sámi text that reaches this point.
_COUNTED_CHARS = sorted(
    {chr(k) for c in CONFUSIONS for k in c.repair_table} | {ch for t in _TARGETS.values() for ch in t} | _A_ACUTE
)
assert all(ord(ch) < 0x10000 for ch in _COUNTED_CHARS)  # counted as UTF-16 code units (see _counted)
_COUNTED_CODES = np.array([ord(ch) for ch in _COUNTED_CHARS], dtype=np.int64)


def _counted(text: str) -> Counter[str]:
    """How often each of _COUNTED_CHARS occurs in `text` (those that do).

    On the text's UTF-16 code units with numpy: a regex findall returned one string per stand-in and
    Sámi letter (thousands in a Sámi document), ~10 ns per character of the documents that get here. A
    character above the BMP is two surrogate code units, which no counted character equals.
    """
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    # every code unit's count at once (a table lookup per unit first is slower: numpy widens the indices)
    counts = np.bincount(units, minlength=0x10000)[_COUNTED_CODES]
    present = np.flatnonzero(counts)
    return Counter(dict(zip([_COUNTED_CHARS[i] for i in present], counts[present].tolist(), strict=True)))


def best_repair(text: str, min_gain: float = 1.0, min_share: float = 0.5) -> RepairCandidate | None:
    """The confusion whose repair makes the most (weighted) Sámi letters, or None if none qualifies.

    A confusion qualifies when its repair gains at least `min_gain` and its stand-ins are at least
    `min_share` of (stand-ins + the genuine letters it would have destroyed): a correct Sámi text with a
    stray `©` or `è` (Latin-4's Š and č) holds hundreds of genuine š/č, so it is left alone. Gains come
    from character counts, and only the winner's repair is built. This only proposes; the caller checks
    the result with language identification before using it.
    """
    if not has_suspects(text):
        return None
    counts = _counted(text)
    best_name, best_gain = None, min_gain
    for confusion in CONFUSIONS:
        gains = _GAIN[confusion.name]
        gain = sum(n * gains[ch] for ch, n in counts.items() if ch in gains)
        if gain < best_gain or (best_name is not None and gain == best_gain):
            continue
        table = confusion.repair_table
        standins = sum(n for ch, n in counts.items() if table.get(ord(ch), "") in SAMI_LETTERS)
        genuine = sum(counts[ch] for ch in _TARGETS[confusion.name])
        if standins < min_share * (standins + genuine):
            continue
        best_name, best_gain = confusion.name, gain
    if best_name is None:
        return None
    confusion = CONFUSION_BY_NAME[best_name]
    table = confusion.repair_table
    has_a_acute = any(table.get(ord(ch), ch) in _A_ACUTE for ch in counts)
    return RepairCandidate(confusion, text, best_gain, has_a_acute)
