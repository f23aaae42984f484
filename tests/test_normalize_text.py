"""Normalization: idempotent, and valid NFC Norwegian/Icelandic/Sámi text passes through unchanged."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from norcorpus.normalize import NormalizeConfig, clean_text, normalize_text
from norcorpus.normalize.text_normalizer import fix_mojibake, remove_invisible

_LETTERS = {
    "nor": "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéèêóòôü",
    "isl": "aábdðeéfghiíjklmnoóprstuúvxyýþæöAÁBDÐEÉFGHIÍJKLMNOÓPRSTUÚVXYÝÞÆÖ",
    "sme": "aábcčdđefghijklmnŋoprsštŧuvzžAÁBCČDĐEFGHIJKLMNŊOPRSŠTŦUVZŽ",
}
# punctuation as it attaches to words in running text; free-standing signs are words of their own
_PUNCT = st.sampled_from(list(".,;:!?»\"')…%") + ["", "", "", "", ""])
_SIGNS = st.sampled_from(["§", "–", "—", "-", "/", "«", "(", "&", "+"])


def _valid_text(letters: str) -> st.SearchStrategy[str]:
    """Text as a clean corpus holds it: words of the alphabet (and digits), single spaces, blank lines
    between paragraphs, punctuation attached to words."""
    word = st.one_of(
        st.builds(
            lambda w, p: w + p, st.text(alphabet=letters + "0123456789", min_size=1, max_size=12), _PUNCT
        ),
        _SIGNS,
    )
    line = st.lists(word, min_size=1, max_size=12).map(" ".join)
    paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
    return st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(_LETTERS)).flatmap(lambda k: _valid_text(_LETTERS[k])))
def test_valid_nfc_text_is_unchanged(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert clean_text(text) == text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
@example("Ä\x80Â¡")  # one repair uncovers another: "ÄÂ¡", then "Ä¡"
@example("A\u0302¡")  # NFC composes a lead character in front of a continuation
def test_normalization_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_whitespace_normalization_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def _regex_reference(text: str) -> str:
    # the rules as the docstring states them, one regex each (what normalize_text does faster)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = re.sub(r" ?\n ?", "\n", re.sub(r"[^\S\n]+", " ", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_SPACEY = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u200b\u2028\u2029\u202f\u3000\ufeff"),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(_SPACEY)
def test_whitespace_rules_match_their_regex_statement(text: str) -> None:
    assert normalize_text(text) == _regex_reference(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab æ\n\t\xa0")), max_size=60))
def test_text_with_nothing_to_do_takes_the_fast_path_to_the_same_result(text: str) -> None:
    # mostly single spaces and line feeds: the input the per-line split is skipped for
    assert normalize_text(text) == _regex_reference(text)


def test_the_odd_spaces_are_every_other_whitespace_character() -> None:
    from norcorpus.normalize.unicode_normalizer import ODD_SPACES

    every = {ch for ch in map(chr, range(0x110000)) if ch.isspace()}
    assert set(ODD_SPACES) == every - {" ", "\n"}


def test_nfd_line_endings_and_spaces() -> None:
    text = "  Ha\u0308lsning fra Tromso\u0308\r\n\r\n\r\nNy\u00a0\u00a0linje\t \rslutt  "
    assert clean_text(text) == "Hälsning fra Tromsö\n\nNy linje\nslutt"


def test_invisible_characters_are_removed() -> None:
    assert remove_invisible("ko\u200bm\u00adme\ufeff\x00n\x07\u2060") == "kommen"
    # tabs and line breaks are whitespace, not control characters to delete
    assert clean_text("a\tb\nc") == "a b\nc"


def test_mojibake_is_fixed_and_valid_text_is_not() -> None:
    assert (
        fix_mojibake("Vi mÃ¸tes pÃ¥ kontoret i morgen, sÃ¥ ses vi.")
        == "Vi møtes på kontoret i morgen, så ses vi."
    )
    assert fix_mojibake("GÃ¡llÃ¡n") == "Gállán"
    for valid in ("Þetta er íslenska, með ð og þ.", "„Hei“, sa hun – «ja»", "ﬁne ligatur", "Ａ"):
        assert fix_mojibake(valid) == valid


def test_config_switches_steps_off() -> None:
    cfg = NormalizeConfig(fix_mojibake=False, remove_invisible=False)
    assert clean_text("mÃ¸te\u200b", cfg) == "mÃ¸te\u200b"


_MOJIBAKE_ALPHABET = st.sampled_from(list("aá šžÃÅÄâ€™\x80\x9a\xa0\xa5\xb8ø«»–’\ufffdæ\xc3\xe2\xef\xc2\xdf\xe0"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_MOJIBAKE_ALPHABET, max_size=40).map("".join))
def test_the_one_pass_screen_finds_what_the_two_sequence_patterns_find(text: str) -> None:
    from norcorpus.normalize import text_normalizer as tn

    # the screen's statement: a two-byte (lead Â..ß + continuation) or three-byte (lead à..ï + two
    # continuations) sequence that decodes to plausible characters, found by one regex per shape
    shapes = (re.compile(f"[\xc2-\xdf][{tn._CONTINUATION}]"), re.compile(f"[\xe0-\xef][{tn._CONTINUATION}]{{2}}"))
    expected = any(tn._decodes_plausibly(m.group()) for shape in shapes for m in shape.finditer(text))
    assert tn._worth_fixing(text, suspect=False) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab é\u0301e\n\r\t\u2028\u2029\u00a0\u3000\x1c\x85Å") + ["A\u030a", "  "]))
       .map("".join))
def test_normalizing_nfc_text_needs_no_second_nfc_pass(text: str) -> None:
    # clean() composes its text last and asks normalize_text to skip NFC: whitespace rules compose nothing
    assert normalize_text(unicodedata.normalize("NFC", text), nfc=False) == normalize_text(text)
