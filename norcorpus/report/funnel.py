"""The drop funnel: documents read → left after each step of the build → kept.

stats.json counts drops per reason, not per step; the build applies its steps in a fixed order (ingest:
parse, normalize → empty; select: exact dedup, near dedup, language), so each known reason belongs to one
step. Reasons this module does not know yet (later quality or PII filters) are shown as their own steps after
the known ones, and named on the page, rather than folded silently into another step.
"""

from __future__ import annotations

from typing import Any

from norcorpus.errors import InternalError

STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("read · parse", ("malformed", "too_long")),
    ("normalize · empty", ("empty",)),
    ("exact dedup", ("exact_duplicate",)),
    ("near dedup (MinHash)", ("near_duplicate",)),
    ("language selection", ("language",)),
)
KNOWN_REASONS = {reason for _, reasons in STEPS for reason in reasons}


def funnel(source_counts: dict[str, Any]) -> list[dict[str, Any]]:
    """Steps with the documents each removed (by reason) and the documents left after it.

    `source_counts` is stats.json's `sources` (read, kept, dropped by reason, per source). The last row is
    `kept`; it must equal what stats.json says was kept, or the accounting is broken.
    """
    read = sum(int(c["read"]) for c in source_counts.values())
    kept = sum(int(c["kept"]) for c in source_counts.values())
    by_reason: dict[str, int] = {}
    for counts in source_counts.values():
        for reason, n in counts.get("dropped", {}).items():
            by_reason[reason] = by_reason.get(reason, 0) + int(n)
    steps = list(STEPS) + [(f"other: {r}", (r,)) for r in sorted(set(by_reason) - KNOWN_REASONS)]
    rows: list[dict[str, Any]] = [{"step": "read", "removed": {}, "left": read}]
    left = read
    for name, reasons in steps:
        removed = {r: by_reason[r] for r in reasons if by_reason.get(r)}
        left -= sum(removed.values())
        rows.append({"step": name, "removed": removed, "left": left})
    if left != kept:
        raise InternalError(f"drop funnel does not close: {read} read - drops = {left}, but {kept} kept")
    rows.append({"step": "kept", "removed": {}, "left": kept})
    return rows
