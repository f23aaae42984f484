"""Language labels used everywhere in norcorpus (ISO 639-3) and the mappings from source labels."""

from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    NOB = "nob"  # Norwegian Bokmål
    NNO = "nno"  # Norwegian Nynorsk
    SME = "sme"  # North Sámi
    DAN = "dan"
    SWE = "swe"
    ENG = "eng"
    DEU = "deu"
    FIN = "fin"
    ISL = "isl"
    FAO = "fao"
    OTHER = "other"  # any other language, or junk
    UND = "und"  # undecided: too short or too uncertain to label


TARGET_LANGS: tuple[Lang, ...] = tuple(lang for lang in Lang if lang not in (Lang.OTHER, Lang.UND))

# Labels that sources and off-the-shelf LID models use, mapped to ours. "no" (macro-Norwegian, used by
# mC4, OSCAR and NCC) is written in Bokmål in the overwhelming majority of web and print text, so it maps
# to nob; LID re-labels every document anyway.
_ALIASES: dict[str, Lang] = {
    "nb": Lang.NOB, "no": Lang.NOB, "nob": Lang.NOB, "nor": Lang.NOB, "nob_latn": Lang.NOB, "nor_latn": Lang.NOB,
    "nn": Lang.NNO, "nno": Lang.NNO, "nno_latn": Lang.NNO,
    "se": Lang.SME, "sme": Lang.SME, "sme_latn": Lang.SME,
    "da": Lang.DAN, "dan": Lang.DAN, "dan_latn": Lang.DAN,
    "sv": Lang.SWE, "swe": Lang.SWE, "swe_latn": Lang.SWE,
    "en": Lang.ENG, "eng": Lang.ENG, "eng_latn": Lang.ENG,
    "de": Lang.DEU, "deu": Lang.DEU, "deu_latn": Lang.DEU,
    "fi": Lang.FIN, "fin": Lang.FIN, "fin_latn": Lang.FIN,
    "is": Lang.ISL, "isl": Lang.ISL, "isl_latn": Lang.ISL,
    "fo": Lang.FAO, "fao": Lang.FAO, "fao_latn": Lang.FAO,
    "other": Lang.OTHER, "und": Lang.UND,
}


def to_lang(label: str | None) -> Lang:
    """Map a source's or a model's language label (ISO 639-1/-3, `xxx_Latn`, `__label__xx`) to ours."""
    if not label:
        return Lang.UND
    key = label.strip().lower().removeprefix("__label__").replace("-", "_")
    if key in _ALIASES:
        return _ALIASES[key]
    return Lang.OTHER
