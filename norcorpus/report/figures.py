"""The dashboard's Plotly figures, built from `collect()`'s data (no file is read here).

Each figure becomes plain JSON that the page hands to Plotly.newPlot; ids are fixed so the page is
byte-for-byte the same for the same builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from norcorpus.report.builds import CATEGORIES, CATEGORY_LABELS

LANG_NAMES = {"nob": "Bokmål", "nno": "Nynorsk", "sme": "North Sámi"}
# one colour per language across all charts, so a language reads the same everywhere
LANG_COLORS = {
    "nob": "#1f77b4",
    "nno": "#2ca02c",
    "sme": "#d62728",
    "dan": "#9467bd",
    "swe": "#ff7f0e",
    "eng": "#8c564b",
    "deu": "#e377c2",
    "fin": "#17becf",
    "isl": "#bcbd22",
    "fao": "#7f7f7f",
}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    figure: dict[str, Any]


def lang_name(code: str) -> str:
    return f"{LANG_NAMES[code]} ({code})" if code in LANG_NAMES else code


def _chart(chart_id: str, title: str, fig: go.Figure, **layout: Any) -> Chart:
    fig.update_layout(
        title=title,
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": 50, "b": 60},
        height=layout.pop("height", 380),
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        **layout,
    )
    return Chart(chart_id, title, fig.to_plotly_json())


def overview_charts(data: dict[str, Any]) -> list[Chart]:
    builds, metric = data["builds"], data["metric"]
    labels = [b["label"] for b in builds]
    charts = []

    fig = go.Figure()
    for cat in CATEGORIES:
        values = [b["by_category"][cat] for b in builds]
        if any(values):
            fig.add_bar(name=CATEGORY_LABELS[cat], x=labels, y=values)
    charts.append(
        _chart(
            "fig1a",
            f"Figure 1A · {metric} per source category and version",
            fig,
            barmode="stack",
            yaxis_title=metric,
        )
    )

    fig = go.Figure()
    sources = sorted({s for b in builds for s in b["by_source_language"]})
    for source in sources:
        values = [
            sum(c.get(metric, 0) for c in b["by_source_language"].get(source, {}).values()) for b in builds
        ]
        fig.add_bar(name=source, x=labels, y=values)
    charts.append(
        _chart(
            "fig1a_sources",
            f"{metric} per source and version",
            fig,
            barmode="stack",
            yaxis_title=metric,
            height=460,
        )
    )

    fig = go.Figure()
    for key, name in (
        ("nno_of_norwegian", "Nynorsk share of Norwegian (nno / nob+nno)"),
        ("sme_of_total", "North Sámi share of all (sme / total)"),
    ):
        values = [None if b["shares"][key] is None else 100 * b["shares"][key] for b in builds]
        fig.add_scatter(
            name=name,
            x=labels,
            y=values,
            mode="lines+markers+text",
            text=[None if v is None else f"{v:.3f}%" for v in values],
            textposition="top center",
        )
    charts.append(
        _chart(
            "fig1b", f"Figure 1B · Nynorsk and Sámi shares of {metric} over versions", fig, yaxis_title="%"
        )
    )

    fig = go.Figure()
    for b in builds:
        rows = b["funnel"]
        fig.add_trace(
            go.Funnel(
                name=b["label"],
                y=[r["step"] for r in rows],
                x=[r["left"] for r in rows],
                textinfo="value+percent initial",
            )
        )
    charts.append(_chart("funnel", "Drop funnel · documents left after each step", fig, height=420))

    reasons = sorted({r for b in builds for s in b["sources"].values() for r in s["dropped"]})
    fig = go.Figure()
    xs = [[b["label"] for b in builds for _ in b["sources"]], [s for b in builds for s in b["sources"]]]
    for reason in reasons:
        fig.add_bar(
            name=reason, x=xs, y=[s["dropped"].get(reason, 0) for b in builds for s in b["sources"].values()]
        )
    charts.append(
        _chart(
            "drops",
            "Dropped documents per source and reason",
            fig,
            barmode="stack",
            yaxis_title="documents",
            height=460,
        )
    )
    return charts


def build_charts(index: int, build: dict[str, Any]) -> list[Chart]:
    """The per-version charts (one column of the side-by-side grid)."""
    col, label = build["columns"], build["label"]
    charts = []

    fig = go.Figure()
    hist = col["length_hist"]["counts"]
    used = [i for i in range(len(col["length_hist"]["labels"])) if any(c[i] for c in hist.values())]
    shown = slice(used[0], used[-1] + 1) if used else slice(0, 0)  # the bins between the shortest and longest
    for lang, counts in hist.items():
        fig.add_bar(
            name=lang_name(lang),
            x=col["length_hist"]["labels"][shown],
            y=counts[shown],
            marker_color=LANG_COLORS.get(lang),
        )
    charts.append(
        _chart(
            f"length_{index}",
            f"{label} · document length (words)",
            fig,
            barmode="group",
            xaxis_title="words per document",
            yaxis_title="documents",
        )
    )

    fig = go.Figure()
    for lang, counts in col["lid_hist"]["counts"].items():
        fig.add_bar(
            name=lang_name(lang), x=col["lid_hist"]["labels"], y=counts, marker_color=LANG_COLORS.get(lang)
        )
    charts.append(
        _chart(
            f"lid_{index}",
            f"{label} · LID score per language",
            fig,
            barmode="group",
            xaxis_title="lang_score",
            yaxis_title="documents",
        )
    )

    top = list(reversed(col["domains"]["top"]))
    fig = go.Figure(
        go.Bar(
            x=[d["documents"] for d in top], y=[d["domain"] for d in top], orientation="h", name="documents"
        )
    )
    charts.append(
        _chart(
            f"domains_{index}",
            f"{label} · top domains",
            fig,
            xaxis_title="documents",
            height=max(300, 60 + 22 * len(top)),
        )
    )

    sizes = col["clusters"]["sizes"]
    fig = go.Figure(
        go.Bar(x=[str(s["size"]) for s in sizes], y=[s["clusters"] for s in sizes], name="clusters")
    )
    charts.append(
        _chart(
            f"clusters_{index}",
            f"{label} · near-duplicate cluster sizes",
            fig,
            xaxis_title="documents per cluster",
            yaxis_title="clusters",
            yaxis_type="log",
        )
    )

    pii = col["pii"]["counts"]
    if pii:
        fig = go.Figure()
        for column in sorted({r["column"] for r in pii}):
            rows = [r for r in pii if r["column"] == column]
            fig.add_bar(name=column, x=[r["lang"] for r in rows], y=[r["count"] for r in rows])
        charts.append(_chart(f"pii_{index}", f"{label} · PII counts per language", fig, barmode="group"))
    return charts
