from __future__ import annotations

import pytest

from norcorpus.normalize import split_sentences


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "nob",
            "Han kom bl.a. fra Oslo. Det var 17. mai! Kom du? Ja.",
            ["Han kom bl.a. fra Oslo.", "Det var 17. mai!", "Kom du?", "Ja."],
        ),
        (
            "nob",
            "Møtet er kl. 10. Se f.eks. side 3. A. Hansen var der.",
            ["Møtet er kl. 10.", "Se f.eks. side 3.", "A. Hansen var der."],
        ),
        ("nob", "«Hei,» sa hun. «Kom inn!» Han gikk.", ["«Hei,» sa hun.", "«Kom inn!»", "Han gikk."]),
        ("nno", "Det gjeld t.d. skulen. Elevane kjem.", ["Det gjeld t.d. skulen.", "Elevane kjem."]),
        (
            "sme",
            "Gielat, ee. davvisámegiella. Dat lea buorre.",
            ["Gielat, ee. davvisámegiella.", "Dat lea buorre."],
        ),
        ("sme", "Gč. St.dieđ. Nr. 10. Mun boađán.", ["Gč. St.dieđ. Nr. 10.", "Mun boađán."]),
        ("nob", "Overskrift\nFørste linje. Andre linje", ["Overskrift", "Første linje.", "Andre linje"]),
    ],
)
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_sentences_cover_the_text() -> None:
    text = "Ein. To! Tre? Fire… Fem."
    assert " ".join(split_sentences(text, "nno")) == text
    assert split_sentences("", "nob") == []
    assert split_sentences("kort tekst uten punktum", "xyz") == ["kort tekst uten punktum"]
