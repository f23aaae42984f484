"""Typed configuration of MinHash near-duplicate dedup (the version manifest embeds it)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class MinhashConfig(BaseModel):
    """Word n-gram shingles → `bands × rows` MinHash values → LSH candidates → true-Jaccard verification.

    The bands are tuned for recall (a candidate costs one exact Jaccard check, a miss costs a duplicate):
    20 bands of 5 rows make a pair with Jaccard 0.8 a candidate with probability 1-(1-0.8^5)^20 = 0.9996,
    and one with Jaccard 0.7 with probability 0.975. Precision comes from the verification, which compares
    the documents' full shingle sets against `threshold`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(default=0.8, gt=0.0, le=1.0, description="true Jaccard of the shingle sets that makes two documents near-duplicates")
    ngram: int = Field(default=5, ge=1, le=32, description="words per shingle")
    bands: int = Field(default=20, ge=1, le=512, description="LSH bands (one bucket file per band)")
    rows: int = Field(default=5, ge=1, le=64, description="MinHash values per band")
    seed: int = Field(default=1, ge=0, description="seed of the MinHash permutations; the same on every worker and version")
    partitions: int = Field(
        default=4, ge=1, description="candidate-pair partitions = tasks of the verify stage (raise with corpus size)"
    )
    window_records: int = Field(
        default=2_000_000,
        ge=1000,
        description="bucket records a bucket worker holds at once (12 bytes each); bounds its memory",
    )

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    @model_validator(mode="after")
    def _check(self) -> MinhashConfig:
        if self.num_perm > 4096:
            raise ValueError(f"bands × rows = {self.num_perm} is more than 4096 MinHash values")
        return self
