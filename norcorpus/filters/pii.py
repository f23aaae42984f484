"""Norwegian PII: find e-mail addresses, phone numbers, fødselsnummer/D-nummer, kontonummer and IP
addresses, and replace them with placeholders. Pure functions; `PiiRedactor` is the pipeline step.

Numbers with a check digit are redacted only when the check digits hold, so an invoice number or a
phone-like 11-digit id that fails mod-11 stays. Fødselsnummer and kontonummer share the second check
digit's weights, so every valid fødselsnummer is also a valid kontonummer; an 11-digit number is a
fødselsnummer when its first six digits are a date (D-nummer: day + 40) and both check digits hold.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


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


def find_pii(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> list[PiiMatch]:
    """Non-overlapping matches, earliest first. Of overlapping matches the longer wins, then the kind found
    first: e-mail, 11-digit numbers, phone, IP (so 22.33.44.55 is a phone number)."""
    found: list[PiiMatch] = []
    if PiiKind.EMAIL in kinds:
        found += _emails(text)
    if PiiKind.FNR in kinds or PiiKind.ACCOUNT in kinds:
        for m in _ELEVEN.finditer(text):
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
        found += [PiiMatch(m.start(), m.end(), PiiKind.PHONE) for m in _PHONE.finditer(text)]
    if PiiKind.IP in kinds:
        if "." in text:
            found += [
                PiiMatch(m.start(), m.end(), PiiKind.IP) for m in _IPV4.finditer(text) if _ip_ok(m.group(), 4)
            ]
        if ":" in text:
            found += [
                PiiMatch(m.start(), m.end(), PiiKind.IP) for m in _IPV6.finditer(text) if _ipv6_ok(text, m)
            ]
    found.sort(key=lambda m: (m.start, -m.end))
    chosen: list[PiiMatch] = []
    for match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def redact(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> tuple[str, Counter[PiiKind]]:
    """The text with every match replaced by its placeholder, and the number of matches per kind."""
    matches = find_pii(text, kinds)
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
