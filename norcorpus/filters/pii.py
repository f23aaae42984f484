"""Norwegian PII: find e-mail addresses, phone numbers, fødselsnummer/D-nummer, kontonummer and IP
addresses, and replace them with placeholders. Pure functions; `PiiRedactor` is the pipeline step.

Numbers with a check digit are redacted only when the check digits hold, so an invoice number or a
phone-like 11-digit id that fails mod-11 stays. Fødselsnummer and kontonummer share the second check
digit's weights, so every valid fødselsnummer is also a valid kontonummer; an 11-digit number is a
fødselsnummer when its first six digits are a date (D-nummer: day + 40) and both check digits hold.

Speed: scanning every position with the regexes costs more than everything else here (the regex engine
tries each one). So numpy finds the few positions where a match can start (a digit with the right
characters before it and enough digits after it; the hex digits before a colon; "+47", "0047"), and the
patterns are tried there only, in order and without overlap, exactly as `finditer` would find them
(`tests/test_pii_reference.py` compares with `finditer` over the whole text).
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np

from norcorpus.filters.words import SCANNED_CODES


class PiiKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    FNR = "fnr"
    ACCOUNT = "account"
    IP = "ip"

    @property
    def placeholder(self) -> str:
        return f"<{self.value.upper()}>"


_FNR_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_MOD11_W = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def mod11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit of `digits` (None where the remainder makes the number invalid)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def kontonummer_is_valid(number: str) -> bool:
    """An 11-digit Norwegian bank account number (digits only) with a valid mod-11 check digit."""
    if len(number) != 11 or not number.isdigit():
        return False
    return mod11_check_digit(number[:10], _MOD11_W) == int(number[10])


def fnr_is_valid(number: str) -> bool:
    """An 11-digit fødselsnummer or D-nummer (digits only): a plausible date and both check digits."""
    if len(number) != 11 or not number.isdigit():
        return False
    day, month = int(number[:2]), int(number[2:4])
    if day > 40:  # D-nummer: 4 is added to the first digit of the day
        day -= 40
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]):
        return False
    return mod11_check_digit(number[:9], _FNR_W1) == int(number[9]) and mod11_check_digit(
        number[:10], _MOD11_W
    ) == int(number[10])


# -- patterns ----------------------------------------------------------------------------------------------
# Every pattern starts with a character class (so the regex engine can skip ahead to candidates instead of
# trying every position), and the context checks come right after the first character, as lookbehinds
# that include it. Digits may not continue on either side (also not across one separator), so parts of
# longer numbers (ISBNs, card numbers, 11-digit ids) are never taken for phones or account numbers.
_NO_DIGIT_AFTER = r"(?![ .-]?\d)"


def _after_first(first: str) -> str:
    """Lookbehinds for 'no word character, '+' or digit group before the match', placed after its first char."""
    return rf"(?<![\w+]{first})(?<!\d[ .-]{first})"


def _phone_rest(tag: str) -> str:
    # 8 digits, the first 2-9 (matched before this): 8 digits, 3-2-3, 2-2-2-2 or 4-4
    return (
        rf"(?:\d{{7}}|\d{{2}}(?P<s{tag}>[ .-])\d{{2}}(?P=s{tag})\d{{3}}"
        rf"|\d(?P<t{tag}>[ .-])\d{{2}}(?P=t{tag})\d{{2}}(?P=t{tag})\d{{2}}|\d{{3}}[ .-]\d{{4}})"
    )


_PHONE = re.compile(
    r"(?:\(\+47\)|\+47|0047)[ .-]?[2-9]"
    + _phone_rest("a")
    + _NO_DIGIT_AFTER
    + r"|[2-9]"
    + _after_first("[2-9]")
    + _phone_rest("b")
    + _NO_DIGIT_AFTER
)
# 11 digits: plain, DDMMYY IIIKK (fødselsnummer), or 4.2.5 with dots or spaces (kontonummer).
_ELEVEN = re.compile(
    r"\d"
    + _after_first(r"\d")
    + r"(?:\d{10}|\d{5} \d{5}|\d{3}(?P<sep>[. ])\d{2}(?P=sep)\d{5})"
    + _NO_DIGIT_AFTER
)
_EMAIL_LOCAL = re.compile(r"[\w.+-]+$")
_EMAIL_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?!\w|\.\d)")
_IPV6 = re.compile(r"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:]*:(?:[0-9A-Fa-f:]|\.(?=\d))*(?:%\w+)?")


@dataclass(frozen=True)
class PiiMatch:
    start: int
    end: int
    kind: PiiKind


def _ip_ok(candidate: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(candidate.split("%")[0]).version == version
    except ValueError:
        return False


def _ipv6_ok(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    if before.isalnum() or before in ":._" or after.isalnum() or after in ":_":
        return False
    return _ip_ok(m.group(), 6)


def _emails(text: str) -> list[PiiMatch]:
    """Addresses around each '@' (a search anchored at the '@'s, not a scan of every position)."""
    out: list[PiiMatch] = []
    at = text.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            start = local.start()
            before = text[start - 1] if start else " "
            # the local part is the whole run before '@' (at most 64 characters, as RFC 5321 allows)
            whole = not (before.isalnum() or before in "._+-")
            while start < at and text[start] == ".":  # a sentence's period is not part of the address
                start += 1
            if whole and start < at:
                out.append(PiiMatch(start, domain.end(), PiiKind.EMAIL))
        at = text.find("@", at + 1)
    return out


# -- where a match can start ---------------------------------------------------------------------------------
# Bits of a table over every code point, filled by `re` itself, so \d and \w mean what the patterns mean.
_DIGIT, _WORD, _D29, _SEP, _DOT, _COLON, _HEX, _PLUS = 1, 2, 4, 8, 16, 32, 64, 128
_CLASSES = (
    (r"\d", _DIGIT), (r"\w", _WORD), (r"[2-9]", _D29), (r"[ .-]", _SEP), (r"\.", _DOT), (r":", _COLON),
    (r"[0-9A-Fa-f]", _HEX), (r"\+", _PLUS),
)  # fmt: skip


@cache
def _char_table() -> np.ndarray:
    return char_table(SCANNED_CODES)


def char_table(scanned: int) -> np.ndarray:
    """The class bits of every code point, looked up below `scanned` (above SCANNED_CODES no character is
    \\d or \\w; tests/test_pii_reference.py checks all of Unicode)."""
    chars = "".join(map(chr, range(scanned)))
    table = np.zeros(0x110000, dtype=np.uint8)
    for char_class, bit in _CLASSES:
        for match in re.finditer(char_class + "+", chars):
            table[match.start() : match.end()] |= bit
    return table


@dataclass
class _Starts:
    """Positions (ascending) where each pattern can match: a superset of where it does."""

    eleven: list[int]
    phone: list[int]
    ipv4: list[int]
    ipv6: list[int]


def _starts(text: str) -> _Starts:
    return _starts_batch([text])[0]


def _starts_batch(texts: Sequence[str]) -> list[_Starts]:
    """The candidate starts in each text. One numpy pass over the texts joined by "\n" (which is none of
    the characters the lookbehinds look for, nor a hex digit): calls per text would cost more than it."""
    text = "\n".join(texts)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=offsets[1:])
    flags = _char_table().take(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    n = len(flags)
    marked = np.flatnonzero((flags & (_DIGIT | _COLON)) != 0)  # the one pass over the text; then only these
    if not len(marked):
        return [_Starts([], [], [], []) for _ in texts]
    marks = flags[marked]
    is_digit = (marks & _DIGIT) != 0
    digits = marked[is_digit]
    eleven = phone = ipv4 = np.zeros(0, dtype=np.int64)
    if len(digits):
        before = np.where(digits >= 1, flags[np.maximum(digits - 1, 0)], 0)
        before2 = np.where(digits >= 2, flags[np.maximum(digits - 2, 0)], 0)
        # the lookbehinds (?<![\w+]d)(?<!\d[ .-]d) of 11-digit numbers and phones, d the first digit
        free = ((before & (_WORD | _PLUS)) == 0) & ~(((before2 & _DIGIT) != 0) & ((before & _SEP) != 0))
        # a match holds all its digits: 11 within 13 characters, a phone 8 within 11, an IPv4 4 within 15
        # (counted in the joined text: digits of the next text only let more through)
        index = np.arange(len(digits))
        eleven = digits[free & (np.searchsorted(digits, digits + 13) - index >= 11)]
        two_to_nine = (marks[is_digit] & _D29) != 0
        phone = digits[free & two_to_nine & (np.searchsorted(digits, digits + 11) - index >= 8)]
        ipv4 = digits[((before & (_WORD | _DOT)) == 0) & (np.searchsorted(digits, digits + 15) - index >= 4)]
        # an IPv4 address also holds 3 dots
        ipv4 = np.array([s for s in ipv4.tolist() if text.count(".", s, s + 15) >= 3], dtype=np.int64)
    # phones with a country code: "(+47)", "+47" and "0047" anywhere (that alternative has no lookbehind)
    prefixed = []
    for literal in ("+47", "0047"):
        at = text.find(literal)
        while at != -1:
            prefixed.append(at)
            if at and literal == "+47" and text[at - 1] == "(":
                prefixed.append(at - 1)
            at = text.find(literal, at + 1)
    if prefixed:
        phone = np.union1d(phone, prefixed)
    # IPv6: up to 4 hex digits, then a colon followed by hex digits or a colon
    colons = marked[(marks & _COLON) != 0]
    ipv6 = np.zeros(0, dtype=np.int64)
    if len(colons):
        colons = colons[(colons + 1 < n) & ((flags[np.minimum(colons + 1, n - 1)] & (_HEX | _COLON)) != 0)]
        hex_run = np.zeros(len(colons), dtype=np.int64)
        still = np.ones(len(colons), dtype=bool)
        for back in range(1, 5):
            still &= (colons >= back) & ((flags[np.maximum(colons - back, 0)] & _HEX) != 0)
            hex_run += still
        ipv6 = np.unique(np.repeat(colons - hex_run, hex_run + 1) + _ranges(hex_run + 1))
    # back to each text's own positions
    out = [_Starts([], [], [], []) for _ in texts]
    for name, found in (("eleven", eleven), ("phone", phone), ("ipv4", ipv4), ("ipv6", ipv6)):
        docs = np.searchsorted(offsets, found, side="right") - 1
        for doc, start in zip(docs.tolist(), (found - offsets[docs]).tolist(), strict=True):
            getattr(out[doc], name).append(start)
    return out


def _ranges(sizes: np.ndarray) -> np.ndarray:
    """0, 1, ..., size - 1 for each size, concatenated."""
    ends = np.cumsum(sizes)
    return np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - sizes, sizes)


def _finditer(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """= pattern.finditer(text), where `starts` holds every position a match can start at (none of these
    patterns matches the empty string): the first match at or after the end of the last one."""
    out: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                out.append(match)
                end = match.end()
    return out


def find_pii(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> list[PiiMatch]:
    """Non-overlapping matches, earliest first. Of overlapping matches the longer wins, then the kind found
    first: e-mail, 11-digit numbers, phone, IP (so 22.33.44.55 is a phone number)."""
    return find_pii_batch([text], kinds)[0]


def find_pii_batch(
    texts: Sequence[str], kinds: frozenset[PiiKind] = frozenset(PiiKind)
) -> list[list[PiiMatch]]:
    """`find_pii` of each text; many at once are faster than one by one."""
    if kinds - {PiiKind.EMAIL}:
        starts = _starts_batch(texts)
    else:
        starts = [_Starts([], [], [], []) for _ in texts]
    return [_find(text, kinds, doc_starts) for text, doc_starts in zip(texts, starts, strict=True)]


def _find(text: str, kinds: frozenset[PiiKind], starts: _Starts) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    if PiiKind.EMAIL in kinds:
        found += _emails(text)
    if PiiKind.FNR in kinds or PiiKind.ACCOUNT in kinds:
        for m in _finditer(_ELEVEN, text, starts.eleven):
            raw = m.group()
            digits = raw.replace(" ", "").replace(".", "")
            if len(raw) == 11:
                shapes = {PiiKind.FNR, PiiKind.ACCOUNT}
            elif raw[6] == " ":
                shapes = {PiiKind.FNR}
            else:
                shapes = {PiiKind.ACCOUNT}
            if PiiKind.FNR in shapes & kinds and fnr_is_valid(digits):
                found.append(PiiMatch(m.start(), m.end(), PiiKind.FNR))
            elif PiiKind.ACCOUNT in shapes & kinds and kontonummer_is_valid(digits):
                found.append(PiiMatch(m.start(), m.end(), PiiKind.ACCOUNT))
    if PiiKind.PHONE in kinds:
        found += [PiiMatch(m.start(), m.end(), PiiKind.PHONE) for m in _finditer(_PHONE, text, starts.phone)]
    if PiiKind.IP in kinds:
        found += [
            PiiMatch(m.start(), m.end(), PiiKind.IP)
            for m in _finditer(_IPV4, text, starts.ipv4)
            if _ip_ok(m.group(), 4)
        ]
        found += [
            PiiMatch(m.start(), m.end(), PiiKind.IP)
            for m in _finditer(_IPV6, text, starts.ipv6)
            if _ipv6_ok(text, m)
        ]
    found.sort(key=lambda m: (m.start, -m.end))
    chosen: list[PiiMatch] = []
    for match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def redact(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> tuple[str, Counter[PiiKind]]:
    """The text with every match replaced by its placeholder, and the number of matches per kind."""
    return _redacted(text, find_pii(text, kinds))


def redact_batch(
    texts: Sequence[str], kinds: frozenset[PiiKind] = frozenset(PiiKind)
) -> list[tuple[str, Counter[PiiKind]]]:
    """`redact` of each text; many at once are faster than one by one."""
    return [
        _redacted(text, matches) for text, matches in zip(texts, find_pii_batch(texts, kinds), strict=True)
    ]


def _redacted(text: str, matches: list[PiiMatch]) -> tuple[str, Counter[PiiKind]]:
    if not matches:
        return text, Counter()
    parts: list[str] = []
    last = 0
    for match in matches:
        parts.append(text[last : match.start])
        parts.append(match.kind.placeholder)
        last = match.end
    parts.append(text[last:])
    return "".join(parts), Counter(m.kind for m in matches)
