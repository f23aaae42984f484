"""Typed thresholds of the quality decisions, per language (FineWeb-2's nob/nno/sme configs as defaults).

Every threshold is optional: None switches that check off. A version manifest embeds `QualityConfig`.
Defaults: Gopher quality/repetition and FineWeb values as FineWeb-2 uses them, with FineWeb-2's
per-language values for the language score, duplicate lines, top/duplicated n-grams, punctuated lines,
word lengths, alphabetic words and newline ratio (FineWeb-2 configs nob_Latn, nno_Latn, sme_Latn).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from norcorpus.langs import Lang


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QualityThresholds(_Strict):
    language_score: float | None = Field(default=0.65, ge=0, le=1, description="min LID score of the label")
    # Gopher quality
    min_doc_words: int | None = 50
    max_doc_words: int | None = 100_000
    min_avg_word_length: float | None = 3
    max_avg_word_length: float | None = 10
    max_symbol_word_ratio: float | None = 0.1
    max_bullet_lines_ratio: float | None = 0.9
    max_ellipsis_lines_ratio: float | None = 0.3
    min_alpha_words_ratio: float | None = 0.8
    min_stop_words: int | None = 2
    # Gopher repetition
    dup_line_frac: float | None = 0.3
    dup_para_frac: float | None = 0.3
    dup_line_char_frac: float | None = 0.2
    dup_para_char_frac: float | None = 0.2
    top_n_grams: dict[int, float] = Field(default_factory=lambda: {2: 0.2, 3: 0.18, 4: 0.16})
    dup_n_grams: dict[int, float] = Field(
        default_factory=lambda: {5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}
    )
    # FineWeb
    line_punct_thr: float | None = 0.12
    short_line_thr: float | None = 0.67
    char_dup_ratio: float | None = 0.01
    new_line_ratio: float | None = 0.3
    # C4
    lorem_ipsum: bool = True
    curly_bracket: bool = False  # C4 drops any '{'; FineWeb(-2) does not, and neither do we by default


_NOB = QualityThresholds(
    language_score=0.813,
    dup_line_frac=0.312,
    dup_n_grams={5: 0.163, 6: 0.153, 7: 0.134, 8: 0.122, 9: 0.115, 10: 0.112},
    line_punct_thr=0.2,
    max_avg_word_length=11,
    min_alpha_words_ratio=0.783,
    min_avg_word_length=3,
    new_line_ratio=0.219,
    top_n_grams={2: 0.087, 3: 0.107, 4: 0.131},
)
_NNO = QualityThresholds(
    language_score=0.3,
    dup_line_frac=0.281,
    dup_n_grams={5: 0.16, 6: 0.149, 7: 0.135, 8: 0.125, 9: 0.114, 10: 0.102},
    line_punct_thr=0.125,
    max_avg_word_length=11,
    min_alpha_words_ratio=0.815,
    min_avg_word_length=3,
    new_line_ratio=0.195,
    top_n_grams={2: 0.899, 3: 0.705, 4: 0.375},
)
# North Sámi: FineWeb-2 relaxes most filters (little data, long compound words, much tabular public text).
_SME = QualityThresholds(
    language_score=0.3,
    dup_line_frac=0.763,
    dup_n_grams={5: 0.318, 6: 0.295, 7: 0.269, 8: 0.241, 9: 0.217, 10: 0.193},
    line_punct_thr=None,
    max_avg_word_length=16,
    min_alpha_words_ratio=0.791,
    min_avg_word_length=3,
    new_line_ratio=2.0,
    top_n_grams={2: 0.487, 3: 0.448, 4: 0.388},
)


class QualityConfig(_Strict):
    enabled: bool = Field(default=True, description="apply the thresholds in the select stage")
    nob: QualityThresholds = Field(default_factory=lambda: _NOB)
    nno: QualityThresholds = Field(default_factory=lambda: _NNO)
    sme: QualityThresholds = Field(default_factory=lambda: _SME)
    other: QualityThresholds = Field(
        default_factory=QualityThresholds, description="every other language (FineWeb-2's global defaults)"
    )

    @field_validator("nob", "nno", "sme", mode="before")
    @classmethod
    def _override_language_defaults(cls, value: Any, info: ValidationInfo) -> Any:
        # a manifest that sets `quality.sme.min_doc_words: 20` changes that threshold only; the other sme
        # thresholds stay FineWeb-2's sme values instead of falling back to the generic defaults
        if isinstance(value, dict):
            defaults = {"nob": _NOB, "nno": _NNO, "sme": _SME}[info.field_name]
            return {**defaults.model_dump(), **value}
        return value

    def for_lang(self, lang: str | None) -> QualityThresholds:
        return {Lang.NOB.value: self.nob, Lang.NNO.value: self.nno, Lang.SME.value: self.sme}.get(
            lang or "", self.other
        )
