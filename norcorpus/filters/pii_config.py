"""Typed settings of PII redaction (embedded in a version manifest; every field has a default)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from norcorpus.filters.pii import PiiKind


class PiiConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    email: bool = True
    phone: bool = True
    fnr: bool = True  # fødselsnummer and D-nummer (both mod-11 check digits and a plausible date)
    account: bool = True  # kontonummer (mod-11)
    ip: bool = True  # IPv4 and IPv6

    def kinds(self) -> frozenset[PiiKind]:
        if not self.enabled:
            return frozenset()
        return frozenset(kind for kind in PiiKind if getattr(self, kind.value))
