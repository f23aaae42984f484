"""Repair North Sámi text damaged by a legacy 8-bit encoding, only where the evidence says it is Sámi.

A repair is proposed by `sami_legacy.best_repair` (the confusion that best explains the stand-ins) and
applied only if the *repaired* text scores as North Sámi, or the source itself labels the document se/sme
and language identification is not sure the repaired text is another language (never Icelandic or
Faroese). Icelandic and Faroese
write real `ð` and `þ`, which WinSam and Latin-4 damage also produces, so they are never repaired.

Language identification sits *after* this step in the pipeline (so `lang` describes the repaired text);
this step asks its own `LangPredictor` only about the few documents that hold stand-ins. It runs before
`TextNormalizer`, because Mac-Sámi text decoded as Latin-1 carries letters as C1 control characters,
which normalization would remove.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.langs import Lang, to_lang
from norcorpus.normalize.config import SamiRepairConfig
from norcorpus.normalize.sami_legacy import best_repair

_NEVER = (Lang.ISL, Lang.FAO)
_LID_CHARS = 4000  # the start of a document is enough to tell its language, and LID cost grows with length


@runtime_checkable
class LangPredictor(Protocol):
    """What the repair needs from language identification (norcorpus.lid.model.LidModel has this method)."""

    def predict(self, text: str) -> tuple[Lang, float]: ...


def repair_sami(
    text: str,
    predictor: LangPredictor,
    config: SamiRepairConfig | None = None,
    source_lang: str | None = None,
) -> tuple[str, str | None]:
    """(text, name of the confusion repaired) — the text unchanged and None when no repair is warranted."""
    config = config or SamiRepairConfig()
    if not config.enabled:
        return text, None
    candidate = best_repair(text, config.min_gain, config.min_share)
    if candidate is None:
        return text, None
    if not candidate.has_a_acute:
        # North Sámi writes á in nearly every sentence (4 % of its letters); without one, the stand-ins are
        # more likely ©, °, » or a name in another language, and LID need not be asked
        return text, None
    lang, score = predictor.predict(candidate.text[:_LID_CHARS])
    if lang in _NEVER:
        return text, None
    scores_sme = lang == Lang.SME and score >= config.min_lid_score
    # the source's label is evidence unless LID is sure the repaired text is another language
    says_sme = (
        config.trust_source_lang
        and to_lang(source_lang) == Lang.SME
        and (lang in (Lang.SME, Lang.UND) or score < config.min_lid_score)
    )
    if not (scores_sme or says_sme):
        return text, None
    return candidate.text, candidate.confusion.name


class SamiRepairer(PipelineStep):
    """Writes `sami_repair` (the confusion's name, or None); counts `sami_repaired` and
    `sami_repaired_<confusion>` documents."""

    name = "🦌 Sámi legacy-encoding repair"
    type = "✂️ - FORMAT"

    def __init__(self, predictor: LangPredictor | None = None, config: SamiRepairConfig | None = None):
        super().__init__()
        if predictor is None:
            from norcorpus.lid.predictor import LidPredictor  # here: norcorpus.lid imports normalize helpers

            predictor = LidPredictor()
        self.predictor = predictor
        self.config = config or SamiRepairConfig()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                text, confusion = repair_sami(
                    doc.text, self.predictor, self.config, doc.metadata.get("source_lang")
                )
            doc.metadata["sami_repair"] = confusion
            if confusion:
                doc.text = text
                self.stat_update("sami_repaired", f"sami_repaired_{confusion}")
            yield doc
