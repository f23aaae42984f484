"""Typed settings of the normalization steps (embedded in a version manifest; every field has a default)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SamiRepairConfig(_Strict):
    enabled: bool = True
    min_gain: float = Field(
        default=1.0, ge=0, description="weighted Sámi letters a repair must create (one common letter ≈ 13)"
    )
    min_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="stand-ins / (stand-ins + genuine letters the confusion destroys)",
    )
    min_lid_score: float = Field(
        default=0.5, ge=0, le=1, description="the repaired text must score sme at least this high"
    )
    trust_source_lang: bool = Field(
        default=True, description="a source label se/sme is evidence enough (unless LID says isl/fao)"
    )


class BoilerplateConfig(_Strict):
    enabled: bool = True
    min_docs: int = Field(
        default=10, ge=2, description="a line seen in at least this many documents is boilerplate"
    )
    max_line_chars: int = Field(
        default=200, ge=1, description="longer lines are never treated as boilerplate"
    )
    window_docs: int = Field(
        default=10_000,
        ge=1,
        description="documents buffered per window (lines are counted per window of a task)",
    )


class NormalizeConfig(_Strict):
    fix_mojibake: bool = Field(default=True, description="ftfy, only on text ftfy's own detector flags")
    remove_invisible: bool = Field(default=True, description="drop control, zero-width and BOM characters")
    sami_repair: SamiRepairConfig = Field(default_factory=SamiRepairConfig)
    boilerplate: BoilerplateConfig = Field(default_factory=BoilerplateConfig)
