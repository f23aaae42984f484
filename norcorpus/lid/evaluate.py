"""Per-label precision, recall, F1 and the confusion matrix of gold vs predicted labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class EvalReport:
    rows: int
    accuracy: float
    labels: list[str]
    per_label: dict[str, LabelScores]
    confusion: dict[str, dict[str, int]]  # gold → predicted → count
    macro_f1: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "rows": self.rows,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": {k: round(v, 4) for k, v in self.macro_f1.items()},
            "per_label": {
                k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "support": s.support}
                for k, s in self.per_label.items()
            },
            "confusion": self.confusion,
        }

    def confusion_rate(self, gold: str, predicted: str) -> float:
        """Share of `gold` rows predicted as `predicted`."""
        support = sum(self.confusion.get(gold, {}).values())
        return self.confusion.get(gold, {}).get(predicted, 0) / support if support else 0.0

    def table(self) -> str:
        """The report as plain text: one line per label, then the confusion matrix."""
        lines = [f"{'label':<7}{'P':>8}{'R':>8}{'F1':>8}{'n':>8}"]
        for lab, s in self.per_label.items():
            lines.append(f"{lab:<7}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}{s.support:>8}")
        lines.append(f"accuracy {self.accuracy:.4f} over {self.rows} rows")
        for name, value in self.macro_f1.items():
            lines.append(f"macro-F1 {name}: {value:.4f}")
        cols = self.labels
        lines.append("")
        lines.append("confusion (rows: gold, columns: predicted)")
        lines.append(" " * 7 + "".join(f"{c:>7}" for c in cols))
        for gold in cols:
            if gold in self.confusion:
                lines.append(f"{gold:<7}" + "".join(f"{self.confusion[gold].get(c, 0):>7}" for c in cols))
        return "\n".join(lines)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(gold: Sequence[str], predicted: Sequence[str], macro_groups: dict[str, Sequence[str]] | None = None) -> EvalReport:
    """Scores for every label seen in gold or predictions; `macro_groups` names label sets to average F1 over."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    pairs = Counter(zip(gold, predicted))
    gold_n = Counter(gold)
    pred_n = Counter(predicted)
    labels = sorted(set(gold_n) | set(pred_n))
    per_label: dict[str, LabelScores] = {}
    for lab in labels:
        tp = pairs.get((lab, lab), 0)
        p = tp / pred_n[lab] if pred_n[lab] else 0.0
        r = tp / gold_n[lab] if gold_n[lab] else 0.0
        per_label[lab] = LabelScores(p, r, _f1(p, r), gold_n[lab])
    confusion: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(pairs.items()):
        confusion.setdefault(g, {})[p] = n
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    macro: dict[str, float] = {}
    gold_labels = [lab for lab in labels if gold_n[lab]]
    macro["all gold labels"] = sum(per_label[lab].f1 for lab in gold_labels) / len(gold_labels) if gold_labels else 0.0
    for name, group in (macro_groups or {}).items():
        present = [lab for lab in group if lab in per_label and gold_n[lab]]
        if present:
            macro[name] = sum(per_label[lab].f1 for lab in present) / len(present)
    return EvalReport(len(gold), correct / len(gold) if gold else 0.0, labels, per_label, confusion, macro)
