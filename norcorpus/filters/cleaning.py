"""The cleaning steps of the build's ingest stage and the decision steps of its select stage.

Ingest, after the readers (tags and in-place text fixes only; the one drop is an empty text):

    SamiRepairer → TextNormalizer → BoilerplateLineRemover → EmptyTextFilter → <LID tagger>
    → PiiRedactor → QualityTagger

LID sits after the text is final (repaired, normalized, boilerplate removed) and before the quality
tagger, whose stop-word signal depends on the language. The Sámi repair asks its own `LangPredictor`
about the few documents that hold legacy stand-ins; it must come before the normalizer (see
`norcorpus.normalize.sami_repairer`). PII is redacted before quality signals, so they describe the text
that is kept. Select: `QualitySelection` (thresholds per language, drops counted per source and reason).
"""

from __future__ import annotations

import pyarrow as pa
from datatrove.pipeline.base import PipelineStep

from norcorpus.filters.empty_text import EmptyTextFilter
from norcorpus.filters.pii import PiiKind
from norcorpus.filters.pii_config import PiiConfig
from norcorpus.filters.pii_redactor import PiiRedactor, pii_stat
from norcorpus.filters.quality_config import QualityConfig
from norcorpus.filters.quality_selection import QualitySelection
from norcorpus.filters.quality_signals import QUALITY_STRUCT
from norcorpus.filters.quality_tagger import QualityTagger
from norcorpus.lid.predictor import LidPredictor
from norcorpus.normalize.boilerplate import BoilerplateLineRemover
from norcorpus.normalize.config import NormalizeConfig
from norcorpus.normalize.sami_repairer import LangPredictor, SamiRepairer
from norcorpus.normalize.text_normalizer import TextNormalizer

# Metadata keys the cleaning steps write, as Parquet fields (for norcorpus.schema.METADATA_COLUMNS).
CLEAN_METADATA_COLUMNS: list[pa.Field] = [
    pa.field("sami_repair", pa.string()),  # name of the legacy-encoding confusion repaired, or null
    pa.field("mojibake_fixed", pa.bool_()),
    pa.field("boilerplate_lines", pa.int32()),
    pa.field("pii", pa.struct([(kind.value, pa.int32()) for kind in PiiKind])),
    pa.field("quality", QUALITY_STRUCT),
]

# Stat labels (datatrove stats of the steps) worth surfacing in stats.json.
CLEAN_STAT_LABELS: dict[str, str] = {
    **{pii_stat(kind): f"{kind.value} redactions" for kind in PiiKind},
    "pii_docs": "documents with PII redacted",
    "boilerplate_lines": "boilerplate lines removed",
    "boilerplate_docs": "documents with boilerplate lines removed",
    "sami_repaired": "documents repaired from a Sámi legacy encoding",
    "mojibake_fixed": "documents whose mojibake ftfy fixed",
    "invisible_removed": "documents with control or zero-width characters removed",
}


def cleaning_steps(
    lid_tagger: PipelineStep,
    normalize: NormalizeConfig | None = None,
    pii: PiiConfig | None = None,
    predictor: LangPredictor | None = None,
) -> list[PipelineStep]:
    """The ingest stage's steps after the readers, in order; `lid_tagger` writes `lang`/`lang_score`.

    `predictor` serves the Sámi repair (default: the packaged fastText model, loaded lazily in the worker).
    """
    normalize = normalize or NormalizeConfig()
    return [
        SamiRepairer(predictor if predictor is not None else LidPredictor(), normalize.sami_repair),
        TextNormalizer(normalize),
        BoilerplateLineRemover(normalize.boilerplate),
        EmptyTextFilter(),
        lid_tagger,
        PiiRedactor(pii),
        QualityTagger(),
    ]


def selection_steps(quality: QualityConfig | None = None) -> list[PipelineStep]:
    """The select stage's decision steps on the cleaning tags (after dedup and language selection)."""
    return [QualitySelection(quality)]
