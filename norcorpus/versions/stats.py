"""stats.json: every document read is either kept or dropped with a reason, per source.

The counts come from datatrove's per-task stats files (`<stage>/stats/NNNNN.json`), which survive a
resumed build, rather than from the executor's merged summary, which only covers the tasks of one run.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from norcorpus.errors import InternalError
from norcorpus.versions.accounting import KeptMetric, parse_label


def _task_stats(logging_dir: Path) -> Iterable[dict[str, Any]]:
    for path in sorted((logging_dir / "stats").glob("*.json")):
        for step in json.loads(path.read_text()):
            yield step["stats"]


def _total(value: Any) -> int:
    return int(value["total"] if isinstance(value, dict) else value)


def collect_stats(
    logging_dirs: Iterable[Path], sources: Iterable[str], step_labels: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """`step_labels`: other datatrove stat labels (PII redactions, boilerplate lines, ...) summed into
    `cleaning`, whichever step counted them."""
    step_labels = step_labels or {}
    cleaning: Counter[str] = Counter()
    read: Counter[str] = Counter()
    dropped: dict[str, Counter[str]] = defaultdict(Counter)
    kept: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for logging_dir in logging_dirs:
        for stats in _task_stats(logging_dir):
            for label, value in stats.items():
                count = parse_label(label)
                if count is None:
                    if label in step_labels:
                        cleaning[label] += _total(value)
                    continue
                n = _total(value)
                if count.kind == "read":
                    read[count.source] += n
                elif count.kind == "dropped":
                    dropped[count.source][count.detail[0]] += n
                else:
                    lang, metric = count.detail
                    kept[count.source][lang][metric] += n

    names = sorted(set(sources) | set(read) | set(dropped) | set(kept))
    per_source: dict[str, Any] = {}
    by_source_language: dict[str, Any] = {}
    languages: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    drop_totals: Counter[str] = Counter()
    for name in names:
        kept_docs = sum(c[KeptMetric.DOCUMENTS] for c in kept[name].values())
        n_dropped = sum(dropped[name].values())
        if read[name] != kept_docs + n_dropped:
            raise InternalError(
                f"accounting mismatch for source {name}: read {read[name]} != kept {kept_docs} + dropped {n_dropped}"
            )
        per_source[name] = {"read": read[name], "kept": kept_docs, "dropped": dict(sorted(dropped[name].items()))}
        by_source_language[name] = {
            lang: {m.value: counts[m] for m in KeptMetric} for lang, counts in sorted(kept[name].items())
        }
        for lang, counts in kept[name].items():
            languages[lang].update(counts)
            totals.update(counts)
        drop_totals.update(dropped[name])
        totals["read"] += read[name]
        totals["kept"] += kept_docs
        totals["dropped"] += n_dropped
    return {
        "sources": per_source,
        "by_source_language": by_source_language,
        "languages": {
            lang: {m.value: counts[m] for m in KeptMetric} for lang, counts in sorted(languages.items())
        },
        "dropped": dict(sorted(drop_totals.items())),
        "cleaning": {label: cleaning[label] for label in sorted(step_labels)},
        "totals": {
            key: totals[key] for key in ("read", "kept", "dropped", *(m.value for m in KeptMetric))
        },
    }
