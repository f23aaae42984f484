"""PII matching equals the plain way of applying its patterns: `finditer` over the whole text.

`find_pii` only tries the patterns where a match can start (found with numpy, see
`norcorpus.filters.pii`); the redacted text and the counts must stay exactly what scanning every
position gives. The reference below is that scan, with the module's own patterns and rules.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from datatrove.data import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.filters import pii
from norcorpus.filters.pii import (
    PiiKind,
    PiiMatch,
    find_pii,
    find_pii_batch,
    fnr_is_valid,
    kontonummer_is_valid,
    redact,
)
from norcorpus.filters.pii_config import PiiConfig
from norcorpus.filters.pii_redactor import PiiRedactor


def reference_find_pii(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    if PiiKind.EMAIL in kinds:
        found += pii._emails(text)
    if PiiKind.FNR in kinds or PiiKind.ACCOUNT in kinds:
        for m in pii._ELEVEN.finditer(text):
            raw = m.group()
            digits = raw.replace(" ", "").replace(".", "")
            shapes = (
                {PiiKind.FNR, PiiKind.ACCOUNT}
                if len(raw) == 11
                else {PiiKind.FNR}
                if raw[6] == " "
                else {PiiKind.ACCOUNT}
            )
            if PiiKind.FNR in shapes & kinds and fnr_is_valid(digits):
                found.append(PiiMatch(m.start(), m.end(), PiiKind.FNR))
            elif PiiKind.ACCOUNT in shapes & kinds and kontonummer_is_valid(digits):
                found.append(PiiMatch(m.start(), m.end(), PiiKind.ACCOUNT))
    if PiiKind.PHONE in kinds:
        found += [PiiMatch(m.start(), m.end(), PiiKind.PHONE) for m in pii._PHONE.finditer(text)]
    if PiiKind.IP in kinds:
        found += [
            PiiMatch(m.start(), m.end(), PiiKind.IP)
            for m in pii._IPV4.finditer(text)
            if pii._ip_ok(m.group(), 4)
        ]
        found += [
            PiiMatch(m.start(), m.end(), PiiKind.IP)
            for m in pii._IPV6.finditer(text)
            if pii._ipv6_ok(text, m)
        ]
    found.sort(key=lambda m: (m.start, -m.end))
    chosen: list[PiiMatch] = []
    for match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def _same(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> None:
    assert find_pii(text, kinds) == reference_find_pii(text, kinds), text[:300]


# -- real documents, with PII of every kind put in ------------------------------------------------------

_SAMPLES = [
    "ola.nordmann@nav.no", "912 34 567", "+47 22 33 44 55", "(+47) 22 33 44 55", "0047 91234567",
    "22.33.44.55", "01010101006", "010101 01006", "8601.11.17947", "8601 11 17947", "86011117947",
    "192.168.10.254", "2001:db8::1", "fe80::1%eth0", "::ffff:10.0.0.1", "kl. 12:30:45", "1.2.3.4.5",
    "978-82-02-12345-6", "2023 11 23 10 15",
]  # fmt: skip


@pytest.fixture(scope="module")
def real_docs(shared_data: Path) -> list[str]:
    docs = []
    for name in ("nob", "nno", "sme", "nob-giellalt", "dan", "eng", "isl", "fin"):
        with gzip.open(shared_data / "lid" / "docs" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            for i, line in zip(range(30), handle, strict=False):
                text = json.loads(line)["text"][:100_000]
                docs.append(text)
                words = text.split(" ")
                cut = len(words) // 2
                docs.append(" ".join(words[:cut] + [_SAMPLES[i % len(_SAMPLES)]] + words[cut:]))
    return docs


def test_real_documents(real_docs: list[str]) -> None:
    for text in real_docs:
        _same(text)
        assert redact(text)[0] == _redacted(text)


def test_real_documents_in_batches(real_docs: list[str]) -> None:
    """One pass over many texts joined: no candidate may leak from one text into the next."""
    texts = [t for doc in real_docs for t in (doc, "", "9", _SAMPLES[len(doc) % len(_SAMPLES)])]
    assert find_pii_batch(texts) == [reference_find_pii(text) for text in texts]


def test_redactor_batches_keep_order_and_counts(real_docs: list[str]) -> None:
    docs = [Document(text=t, id=str(i), metadata={}) for i, t in enumerate(real_docs[:80])]
    step = PiiRedactor(PiiConfig(ip=False), batch_chars=30_000, batch_docs=9)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == [str(i) for i in range(len(docs))]
    kinds = PiiConfig(ip=False).kinds()
    for doc, original in zip(out, real_docs[:80], strict=True):
        text, counts = redact(original, kinds)
        assert doc.text == text == _redacted(original, kinds)
        assert doc.metadata["pii"] == {kind.value: counts.get(kind, 0) for kind in PiiKind}


def test_real_documents_with_some_kinds(real_docs: list[str]) -> None:
    for kinds in ({PiiKind.PHONE}, {PiiKind.FNR}, {PiiKind.ACCOUNT, PiiKind.IP}, set()):
        for text in real_docs[::4]:
            _same(text, frozenset(kinds))


def _redacted(text: str, kinds: frozenset[PiiKind] = frozenset(PiiKind)) -> str:
    out, last = [], 0
    for match in reference_find_pii(text, kinds):
        out += [text[last : match.start], match.kind.placeholder]
        last = match.end
    return "".join([*out, text[last:]])


# -- generated texts dense in digits, separators, colons and hex ------------------------------------------

_PIECES = [
    "0", "1", "2", "4", "7", "9", "22", "47", "91", "123", "0047", "+47", "(+47)", "+", "(", ")", ".", "-", " ",
    ":", "::", "%", "%eth0", "a", "ab", "F", "dead", "beef", "g", "x", "_", "@", "ola@nav.no", "٣", "１", "²",
    "\n", ". ", "01010101006", "86011117947", "8601.11.17947", "010101 01006", "192.168.0.1", "2001:db8::1",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_generated_texts(pieces: list[str]) -> None:
    _same("".join(pieces))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=30), max_size=6))
def test_generated_batches(docs: list[list[str]]) -> None:
    texts = ["".join(pieces) for pieces in docs]
    assert find_pii_batch(texts) == [reference_find_pii(text) for text in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sets(st.sampled_from(list(PiiKind))))
def test_generated_texts_some_kinds(pieces: list[str], kinds: set[PiiKind]) -> None:
    _same("".join(pieces), frozenset(kinds))


def test_texts_at_the_edges() -> None:
    for text in (
        "",
        "9",
        "91234567",
        "91234567 ",
        " 91234567",
        "2001:db8::1",
        ":1:",
        "1.1.1.1",
        "+47",
        "٣" * 11,
    ):
        _same(text)


# -- the fast path's own assumptions ------------------------------------------------------------------------

_PATTERNS = {"eleven": pii._ELEVEN, "phone": pii._PHONE, "ipv4": pii._IPV4, "ipv6": pii._IPV6}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50))
def test_every_match_start_is_a_candidate(pieces: list[str]) -> None:
    text = "".join(pieces)
    starts = pii._starts(text)
    for name, pattern in _PATTERNS.items():
        assert {m.start() for m in pattern.finditer(text)} <= set(getattr(starts, name)), name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50))
def test_matching_at_candidates_is_finditer(pieces: list[str]) -> None:
    """Given every position, `_finditer` is `finditer`: in order, the next match after the last one's end."""
    text = "".join(pieces)
    for pattern in _PATTERNS.values():
        ours = [m.span() for m in pii._finditer(pattern, text, list(range(len(text) + 1)))]
        assert ours == [m.span() for m in pattern.finditer(text)]


def test_the_class_table_skips_nothing_above_the_scanned_code_points() -> None:
    # the table looks characters up below SCANNED_CODES only: it must equal the lookup over all of Unicode
    assert np.array_equal(pii._char_table(), pii.char_table(0x110000))
