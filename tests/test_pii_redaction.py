"""PII: every valid number is redacted, in every common spacing; every number failing its checksum stays."""

from __future__ import annotations

import random

import pytest
from datatrove.data import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.filters.pii import (
    PiiKind,
    fnr_is_valid,
    kontonummer_is_valid,
    mod11_check_digit,
    redact,
)
from norcorpus.filters.pii_config import PiiConfig
from norcorpus.filters.pii_redactor import PiiRedactor

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


# -- generators -------------------------------------------------------------------------------------------


@st.composite
def fnr_numbers(draw, d_number: bool = False) -> str:
    """A valid fødselsnummer (or D-nummer): a real date, an individual number, both check digits.
    The individual number is stepped (not redrawn) until both check digits exist."""
    day, month, year = draw(st.integers(1, 28)), draw(st.integers(1, 12)), draw(st.integers(0, 99))
    individual = draw(st.integers(0, 999))
    for step in range(1000):
        base = f"{day + (40 if d_number else 0):02d}{month:02d}{year:02d}{(individual + step) % 1000:03d}"
        k1 = mod11_check_digit(base, _W1)
        k2 = None if k1 is None else mod11_check_digit(base + str(k1), _W2)
        if k2 is not None:
            return f"{base}{k1}{k2}"
    raise AssertionError("no valid individual number")


@st.composite
def account_numbers(draw) -> str:
    start = draw(st.integers(0, 10**10 - 1))
    for step in range(11):
        base = f"{(start + step) % 10**10:010d}"
        check = mod11_check_digit(base, _W2)
        if check is not None:
            return base + str(check)
    raise AssertionError("no valid account number")


def _break_last(number: str) -> str:
    """The number with a wrong last check digit: it fails the fødselsnummer and the kontonummer check."""
    right = int(number[-1])
    return number[:-1] + str((right + 1 + (number[-2] == "0")) % 10)


def _fnr_shapes(number: str) -> list[str]:
    return [number, f"{number[:6]} {number[6:]}"]


def _account_shapes(number: str) -> list[str]:
    return [number, f"{number[:4]}.{number[4:6]}.{number[6:]}", f"{number[:4]} {number[4:6]} {number[6:]}"]


def _in_text(value: str) -> str:
    return f"Opplysninger: {value}, registrert i går."


# -- checksums --------------------------------------------------------------------------------------------


def test_known_numbers() -> None:
    assert kontonummer_is_valid("86011117947")  # Norges Bank's example format number
    assert not kontonummer_is_valid("86011117948")
    assert fnr_is_valid("01010101006")
    assert not fnr_is_valid("01010101007")
    assert not fnr_is_valid("32010101006")  # no 32nd day


@settings(max_examples=200, deadline=None)
@given(fnr_numbers(), fnr_numbers(d_number=True), account_numbers())
def test_generated_numbers_validate(fnr: str, dnr: str, account: str) -> None:
    assert fnr_is_valid(fnr) and fnr_is_valid(dnr) and kontonummer_is_valid(account)
    for number in (fnr, dnr, account):
        broken = _break_last(number)
        assert not fnr_is_valid(broken) and not kontonummer_is_valid(broken)


# -- recall on valid numbers, precision on invalid ones -----------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.one_of(fnr_numbers(), fnr_numbers(d_number=True)), st.data())
def test_valid_fnr_is_redacted(number: str, data) -> None:
    shape = data.draw(st.sampled_from(_fnr_shapes(number)))
    text, counts = redact(_in_text(shape))
    assert text == _in_text("<FNR>") and counts == {PiiKind.FNR: 1}


@settings(max_examples=200, deadline=None)
@given(account_numbers(), st.data())
def test_valid_account_is_redacted(number: str, data) -> None:
    shape = data.draw(st.sampled_from(_account_shapes(number)))
    text, counts = redact(_in_text(shape))
    if shape == number and fnr_is_valid(number):  # 11 plain digits that are also a fødselsnummer
        assert text == _in_text("<FNR>")
    else:
        assert text == _in_text("<ACCOUNT>") and counts == {PiiKind.ACCOUNT: 1}


@settings(max_examples=300, deadline=None)
@given(st.one_of(fnr_numbers(), fnr_numbers(d_number=True), account_numbers()), st.data())
def test_numbers_failing_the_checksum_stay(number: str, data) -> None:
    broken = _break_last(number)
    shape = data.draw(st.sampled_from(_fnr_shapes(broken) + _account_shapes(broken)))
    assert redact(_in_text(shape)) == (_in_text(shape), {})


def test_fnr_with_a_wrong_first_check_digit_stays_in_fnr_shape() -> None:
    # k1 wrong, k2 recomputed: a valid kontonummer, but DDMMYY IIIKK is not an account shape
    base = "010101010"
    k1 = (mod11_check_digit(base, _W1) + 1) % 10
    k2 = mod11_check_digit(base + str(k1), _W2)
    if k2 is None:
        pytest.skip("this base has no second check digit")
    number = f"{base}{k1}{k2}"
    assert not fnr_is_valid(number)
    spaced = f"{number[:6]} {number[6:]}"
    assert redact(_in_text(spaced)) == (_in_text(spaced), {})


@pytest.mark.parametrize(
    "phone",
    [
        "91234567",
        "912 34 567",
        "91 23 45 67",
        "9123 4567",
        "+47 912 34 567",
        "+4791234567",
        "0047 91234567",
        "(+47) 22 33 44 55",
        "22.33.44.55",
        "22-33-44-55",
    ],
)
def test_phones(phone: str) -> None:
    assert redact(_in_text(phone)) == (_in_text("<PHONE>"), {PiiKind.PHONE: 1})


@pytest.mark.parametrize(
    "not_phone",
    [
        "12345678",
        "01234567",
        "1 22 33 44 55",
        "978-82-02-12345-6",
        "2023 11 23 10 15",
        "912345678",
        "kl. 12.30",
    ],
)
def test_not_phones(not_phone: str) -> None:
    assert redact(_in_text(not_phone)) == (_in_text(not_phone), {})


def test_emails_and_ips() -> None:
    text = "Skriv til ola.nordmann+nyhet@nav.no eller Kari_N@e-post.uio.no; server 192.168.10.254 og 2001:db8::1."
    redacted, counts = redact(text)
    assert redacted == "Skriv til <EMAIL> eller <EMAIL>; server <IP> og <IP>."
    assert counts == {PiiKind.EMAIL: 2, PiiKind.IP: 2}
    for keep in ("versjon 1.2.3", "999.1.1.1", "kl. 12:30:45", "post@ikke", "Se https://nav.no/side"):
        assert redact(keep) == (keep, {})


def test_recall_and_precision_on_a_seeded_sample() -> None:
    """The 'Must show' numbers, on 2,000 random valid and 2,000 broken numbers in all shapes."""
    rng = random.Random(4)
    valid, kept, total = 0, 0, 2000
    for i in range(total):
        base = "".join(rng.choice("0123456789") for _ in range(10))
        check = mod11_check_digit(base, _W2)
        if check is None:
            base, check = "8601111794", 7
        number = base + str(check)
        shape = _account_shapes(number)[i % 3]
        valid += redact(_in_text(shape))[1].total() == 1
        broken = _account_shapes(_break_last(number))[i % 3]
        kept += redact(_in_text(broken))[1].total() == 0
    assert valid == total and kept == total


def test_step_counts_per_kind_and_config() -> None:
    docs = [Document(text="Ring 912 34 567 eller skriv til a@b.no", id="1", metadata={})]
    step = PiiRedactor()
    out = list(step.run(iter(docs)))
    assert out[0].text == "Ring <PHONE> eller skriv til <EMAIL>"
    assert out[0].metadata["pii"] == {"email": 1, "phone": 1, "fnr": 0, "account": 0, "ip": 0}
    assert step.stats["pii_phone"].total == 1 and step.stats["pii_email"].total == 1
    only_email = PiiRedactor(PiiConfig(phone=False))
    out = list(only_email.run(iter([Document(text="Ring 912 34 567, a@b.no", id="2", metadata={})])))
    assert out[0].text == "Ring 912 34 567, <EMAIL>"
