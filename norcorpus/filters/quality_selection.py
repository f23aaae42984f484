"""Decide on the quality tags: drop a document that fails a threshold of its language, with the reason.

Reasons (counted per source as `dropped/<source>/<reason>`) follow datatrove's filter names, prefixed by
the family: `lang_score`, `gopher_*`, `gopher_rep_*`, `fineweb_*`, `c4_*`. A document without tags (not
tagged, e.g. staged by an older build) is kept.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from norcorpus.filters.base import AccountedFilter
from norcorpus.filters.quality_config import QualityConfig, QualityThresholds


def _below(value: float, limit: float | None) -> bool:
    return limit is not None and value < limit


def _above(value: float, limit: float | None) -> bool:
    return limit is not None and value > limit


def failed_check(q: dict[str, Any], lang_score: float | None, t: QualityThresholds) -> str | None:
    """The first threshold the signals fail (as a drop reason), or None."""
    if t.language_score is not None and (lang_score is None or lang_score < t.language_score):
        return "lang_score"
    checks: list[tuple[bool, str]] = [
        (_below(q["words"], t.min_doc_words), "gopher_short_doc"),
        (_above(q["words"], t.max_doc_words), "gopher_long_doc"),
        (_below(q["mean_word_length"], t.min_avg_word_length), "gopher_below_avg_word_length"),
        (_above(q["mean_word_length"], t.max_avg_word_length), "gopher_above_avg_word_length"),
        (_above(q["hash_ratio"], t.max_symbol_word_ratio), "gopher_too_many_hashes"),
        (_above(q["ellipsis_ratio"], t.max_symbol_word_ratio), "gopher_too_many_ellipsis"),
        (_above(q["bullet_lines"], t.max_bullet_lines_ratio), "gopher_too_many_bullets"),
        (_above(q["ellipsis_lines"], t.max_ellipsis_lines_ratio), "gopher_too_many_end_ellipsis"),
        (_below(q["alpha_words"], t.min_alpha_words_ratio), "gopher_below_alpha_threshold"),
        (_below(q["stop_words"], t.min_stop_words), "gopher_enough_stop_words"),
        (_above(q["dup_para_frac"], t.dup_para_frac), "gopher_rep_dup_para_frac"),
        (_above(q["dup_para_char_frac"], t.dup_para_char_frac), "gopher_rep_dup_para_char_frac"),
        (_above(q["dup_line_frac"], t.dup_line_frac), "gopher_rep_dup_line_frac"),
        (_above(q["dup_line_char_frac"], t.dup_line_char_frac), "gopher_rep_dup_line_char_frac"),
    ]
    checks += [
        (_above(q[f"top_{n}_gram"], frac), f"gopher_rep_top_{n}_gram")
        for n, frac in sorted(t.top_n_grams.items())
    ]
    checks += [
        (_above(q[f"dup_{n}_gram"], frac), f"gopher_rep_duplicated_{n}_n_grams")
        for n, frac in sorted(t.dup_n_grams.items())
    ]
    checks += [
        (_below(q["line_punct_ratio"], t.line_punct_thr), "fineweb_line_punct_ratio"),
        (_above(q["short_line_ratio"], t.short_line_thr), "fineweb_short_line_ratio"),
        (_above(q["char_dup_ratio"], t.char_dup_ratio), "fineweb_char_dup_ratio"),
        (_above(q["list_ratio"], t.new_line_ratio), "fineweb_list_ratio"),
        (t.lorem_ipsum and q["lorem_ipsum"], "c4_lorem_ipsum"),
        (t.curly_bracket and q["curly_bracket"], "c4_curly_bracket"),
    ]
    for failed, reason in checks:
        if failed:
            return reason
    return None


class QualitySelection(AccountedFilter):
    name = "🏅 quality thresholds"

    def __init__(self, config: QualityConfig | None = None):
        super().__init__()
        self.config = config or QualityConfig()

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        signals = doc.metadata.get("quality")
        if not self.config.enabled or not signals:
            return True
        lang = doc.metadata.get("lang")
        reason = failed_check(signals, doc.metadata.get("lang_score"), self.config.for_lang(lang))
        return True if reason is None else (False, reason)
