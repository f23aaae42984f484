"""The drop funnel: documents read → left after each step of the build → kept.

stats.json counts drops per reason, not per step; the build applies its steps in a fixed order (ingest:
parse, clean → empty; decide: language, quality; select: exact dedup, near dedup), so each known reason
belongs to one step. Reasons this module does not know are shown as their own steps after the known ones,
and named on the page, rather than folded silently into another step.
"""

from __future__ import annotations

from typing import Any

from norcorpus.errors import InternalError

QUALITY_STEP = "quality (language score, Gopher, FineWeb, C4)"
# the quality decision's reasons: `lang_score` and the signal families of norcorpus.filters.quality_selection
QUALITY_PREFIXES = ("lang_score", "gopher_", "fineweb_", "c4_")
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("read · parse", ("malformed", "too_long")),
    ("clean · empty", ("empty",)),
    ("language selection", ("language",)),
    (QUALITY_STEP, ()),
    ("exact dedup", ("exact_duplicate",)),
    ("near dedup (MinHash)", ("near_duplicate",)),
)
KNOWN_REASONS = {reason for _, reasons in STEPS for reason in reasons}


def _is_quality(reason: str) -> bool:
    return reason.startswith(QUALITY_PREFIXES)


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
    quality = tuple(sorted(r for r in by_reason if _is_quality(r)))
    steps = [(name, quality if name == QUALITY_STEP else reasons) for name, reasons in STEPS]
    unknown = sorted(set(by_reason) - KNOWN_REASONS - set(quality))
    steps += [(f"other: {r}", (r,)) for r in unknown]
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
