from __future__ import annotations

from datatrove.data import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.normalize import BoilerplateConfig, BoilerplateLineRemover
from norcorpus.normalize.boilerplate import remove_repeated_lines


def _page(i: int) -> str:
    return f"Hjem | Nyheter | Kontakt\nArtikkel nummer {i} handler om været.\nVi bruker informasjonskapsler."


def test_lines_repeated_across_documents_are_removed_and_counted() -> None:
    cfg = BoilerplateConfig(min_docs=3)
    texts = [_page(i) for i in range(4)] + ["Hjem | Nyheter | Kontakt\nEn annen side."]
    out = remove_repeated_lines(texts, cfg)
    assert out[0] == ("Artikkel nummer 0 handler om været.", 2)
    assert out[4] == ("En annen side.", 1)


def test_rare_and_long_lines_stay() -> None:
    long_line = "Dette er en lang setning som gjentas. " * 10
    texts = [f"{long_line}\nUnik linje {i}." for i in range(5)] + ["Sjelden linje\nx", "Sjelden linje\ny"]
    cfg = BoilerplateConfig(min_docs=3, max_line_chars=200)
    assert [n for _, n in remove_repeated_lines(texts, cfg)] == [0] * 7


def test_a_line_repeated_inside_one_document_counts_once() -> None:
    texts = ["Meny\nMeny\nMeny\ntekst a", "Meny\ntekst b"]
    assert [n for _, n in remove_repeated_lines(texts, BoilerplateConfig(min_docs=3))] == [0, 0]


def test_step_windows_and_stats() -> None:
    step = BoilerplateLineRemover(BoilerplateConfig(min_docs=3, window_docs=3))
    docs = [Document(text=_page(i), id=str(i), metadata={}) for i in range(5)]
    out = list(step.run(iter(docs)))
    # the first window (3 documents) reaches min_docs; the second (2 documents) does not
    assert [d.metadata["boilerplate_lines"] for d in out] == [2, 2, 2, 0, 0]
    assert step.stats["boilerplate_lines"].total == 6
    assert step.stats["boilerplate_docs"].total == 3


def _reference(texts: list[str], cfg: BoilerplateConfig) -> list[tuple[str, int]]:
    """The rule read plainly: a short non-blank line (stripped, case-folded) found in min_docs texts goes."""
    from collections import Counter

    from norcorpus.normalize.unicode_normalizer import normalize_text

    def short(line: str) -> bool:
        return 0 < len(line.strip()) <= cfg.max_line_chars

    seen = Counter(key for text in texts for key in {ln.strip().casefold() for ln in text.split("\n") if short(ln)})
    boiler = {key for key, n in seen.items() if n >= cfg.min_docs}
    out = []
    for text in texts:
        lines = text.split("\n")
        kept = [ln for ln in lines if not (short(ln) and ln.strip().casefold() in boiler)]
        removed = len(lines) - len(kept)
        out.append((normalize_text("\n".join(kept)) if removed else text, removed))
    return out


_LINES = st.sampled_from(["Meny", " meny ", "MENY", "Straße", "STRASSE", "strasse", "", "  ", "x" * 12, "Hjem\t"])


@given(st.lists(st.lists(_LINES, max_size=6).map("\n".join), max_size=8), st.integers(2, 3), st.integers(4, 12))
@settings(max_examples=300, deadline=None)
def test_same_as_the_plain_rule(texts: list[str], min_docs: int, max_line_chars: int) -> None:
    cfg = BoilerplateConfig(min_docs=min_docs, max_line_chars=max_line_chars)
    assert remove_repeated_lines(texts, cfg) == _reference(texts, cfg)
