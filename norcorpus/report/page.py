"""The dashboard page: one HTML file with Plotly's JavaScript, the data and the charts inlined.

Nothing is fetched: plotly.js is read from the installed `plotly` package at render time and written into the
page, the figures are JSON in the page, and the tables are plain HTML. The page sets
`window.norcorpusDashboard = {charts, rendered, errors}` once every chart has drawn (the browser test reads it).
"""

from __future__ import annotations

import html
import json
from typing import Any

import plotly.offline
import plotly.utils

from norcorpus.errors import InternalError
from norcorpus.report.builds import CATEGORIES, CATEGORY_LABELS
from norcorpus.report.figures import Chart, build_charts, lang_name, overview_charts

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 24px 40px;color:#222}
h1{margin:18px 0 4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555;font-size:13px}.cards{display:grid;gap:12px;grid-template-columns:repeat(var(--n),minmax(300px,1fr))}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;font-size:14px}
.grid{display:grid;gap:12px;grid-template-columns:repeat(var(--n),minmax(360px,1fr))}
.chart{min-height:300px}.wide{width:100%}
table{border-collapse:collapse;font-size:13px;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:3px 8px}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:6px 10px;margin:6px 0;font-size:14px}
.absent{color:#777;font-style:italic}
"""

# Draw every chart, then publish how many drew; an exception in one chart is recorded, not hidden.
_INIT_JS = """
(function(){
  var specs = JSON.parse(document.getElementById('norcorpus-charts').textContent);
  var state = window.norcorpusDashboard = {charts: specs.length, rendered: 0, errors: []};
  var config = {displaylogo: false, responsive: true};
  Promise.all(specs.map(function(s){
    return Plotly.newPlot(s.id, s.figure.data, s.figure.layout, config)
      .then(function(){ state.rendered += 1; })
      .catch(function(e){ state.errors.push(s.id + ': ' + e); });
  })).then(function(){ document.body.setAttribute('data-rendered', String(state.rendered)); });
})();
"""


def _json_for_script(value: Any) -> str:
    # "</" would end the <script> element early; "<\/" means the same inside JSON strings
    return json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False, sort_keys=True).replace(
        "</", "<\\/"
    )


def _plotly_js() -> str:
    js = plotly.offline.get_plotlyjs()
    if "</script" in js.lower():
        raise InternalError("plotly.js contains '</script' and cannot be inlined as it is")
    return js


def _num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.4f}"
    return f"{value:,}"


def _table(head: list[str], rows: list[list[Any]], cls: str = "") -> str:
    out = [
        f'<table class="{cls}"><thead><tr>'
        + "".join(f"<th>{html.escape(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
    ]
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            if i == 0 or isinstance(v, str):
                cells.append(f"<td>{html.escape(str(v))}</td>")
            else:
                cells.append(f'<td class="n">{_num(v)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _chart_div(chart: Chart, cls: str = "chart") -> str:
    return f'<div class="{cls}" id="{chart.id}" data-title="{html.escape(chart.title)}"></div>'


def _card(b: dict[str, Any], metric: str) -> str:
    t = b["totals"]
    lines = [
        f"<b>{html.escape(b['label'])}</b>{' · sample build' if b['sample'] else ''}",
        f"documents: read {_num(t['read'])} · kept {_num(t['kept'])} · dropped {_num(t['dropped'])}",
        f"words {_num(t.get('words'))} · bytes {_num(t.get('bytes'))} · {metric} {_num(b['metric_total'])}",
        f"Nynorsk share of Norwegian: {_pct(b['shares']['nno_of_norwegian'])} · "
        f"Sámi share: {_pct(b['shares']['sme_of_total'])}",
        f"<span class='meta'>{html.escape(b['path'])} · norcorpus {html.escape(str(b['norcorpus_version']))} · "
        f"config {html.escape(str(b['config_hash'])[:12])}</span>",
    ]
    if b["skipped_sources"]:
        lines.append(
            "<span class='meta'>sources declared but not in this build: "
            + html.escape(", ".join(b["skipped_sources"]))
            + "</span>"
        )
    return '<div class="card">' + "<br>".join(lines) + "</div>"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.3f}%"


def _table2(data: dict[str, Any]) -> str:
    metric, builds = data["metric"], data["builds"]
    head = ["version"] + [CATEGORY_LABELS[c] for c in CATEGORIES] + ["total"]
    rows = [[b["label"]] + [b["by_category"][c] for c in CATEGORIES] + [b["metric_total"]] for b in builds]
    out = [f"<h3>{metric} per source category (the report's Table 2)</h3>", _table(head, rows, "table2")]
    for b in builds:
        table = b["by_source_language"]
        langs = sorted({lang for langs in table.values() for lang in langs})
        rows = []
        for source in sorted(
            table,
            key=lambda s: (
                CATEGORIES.index(b["sources"][s]["category"])
                if b["sources"].get(s, {}).get("category") in CATEGORIES
                else 99,
                s,
            ),
        ):
            counts = table[source]
            row = [
                source,
                CATEGORY_LABELS.get(b["sources"].get(source, {}).get("category", "other"), "others"),
            ]
            row += [counts.get(lang, {}).get(metric, 0) for lang in langs]
            row.append(sum(c.get(metric, 0) for c in counts.values()))
            rows.append(row)
        rows.append(
            ["total", ""]
            + [sum(table[s].get(lang, {}).get(metric, 0) for s in table) for lang in langs]
            + [b["metric_total"]]
        )
        out.append(f"<h3>{html.escape(b['label'])} · {metric} per source × language</h3>")
        out.append(
            _table(
                ["source", "category"] + [lang_name(lang) for lang in langs] + ["total"],
                rows,
                f"source-language v-{html.escape(b['version'])}",
            )
        )
    return "".join(out)


def _drops_table(b: dict[str, Any]) -> str:
    rows = [
        [r["step"], ", ".join(f"{k} {v:,}" for k, v in r["removed"].items()) or "", r["left"]]
        for r in b["funnel"]
    ]
    return f"<h3>{html.escape(b['label'])} · funnel</h3>" + _table(
        ["step", "removed (reason count)", "documents left"], rows, "funnel"
    )


def _tags_section(builds: list[dict[str, Any]], data: dict[str, Any]) -> str:
    out = []
    for b in builds:
        col = b["columns"]
        items = []
        if data["tokenizer"]:
            tok = data["tokenizer"]
            items.append(
                f"tokens: counted with tokenizer {html.escape(tok['name'])} ({tok['engine']}, "
                f"vocabulary {tok['vocab_size']:,}) from the Parquet text"
            )
        elif data["metric"] == "tokens":
            items.append("tokens: from stats.json")
        else:
            items.append(
                "<span class='absent'>tokens: stats.json has no token counts and no --tokenizer was given; "
                "the charts show whitespace words</span>"
            )
        for tag, what in (
            ("pii", "PII counts"),
            ("quality", "quality signals"),
            ("lid_paragraphs", "LID paragraph labels"),
        ):
            cols = col["tags"][tag]
            if cols:
                items.append(f"{what}: columns {html.escape(', '.join(cols))}")
            else:
                items.append(
                    f"<span class='absent'>{what}: not in this build (no such columns in data/)</span>"
                )
        src = col["pii"]["source_provided"]
        if src:
            docs = sum(r["hplt_v2_documents"] for r in src)
            spans = sum(r["count"] for r in src)
            flagged = sum(r["documents"] for r in src)
            items.append(
                f"source-provided PII spans (HPLT v2 metadata): {spans:,} spans in {flagged:,} of "
                f"{docs:,} HPLT v2 documents"
            )
        if b["other_stats_keys"]:
            items.append("other stats.json keys: " + html.escape(", ".join(b["other_stats_keys"])))
        ex = col["exact_duplicates"]
        cl = col["clusters"]
        items.append(
            f"dedup: {ex['copies_removed']:,} exact copies removed in favour of {ex['documents_with_copies']:,} "
            f"kept documents; {cl['clusters']:,} clusters over {cl['documents']:,} documents "
            f"({sum(s['clusters'] for s in cl['sizes'] if s['size'] > 1):,} with more than one member)"
        )
        dom = col["domains"]
        items.append(
            f"URLs: {dom['with_url']:,} of {col['documents']:,} kept documents, {dom['distinct']:,} domains"
        )
        unscored = col["lid_hist"]["unscored"]
        if unscored:
            items.append(
                "documents without a LID score: " + ", ".join(f"{k} {v:,}" for k, v in unscored.items())
            )
        for name, rows in col["quality"]["summary"].items():
            items.append(
                f"<b>{html.escape(name)}</b>"
                + _table(
                    ["lang", "n", "mean", "p5", "p50", "p95"],
                    [[r["lang"], r["n"], r["mean"], r["p5"], r["p50"], r["p95"]] for r in rows],
                )
            )
        notes = "".join(f'<div class="note">{html.escape(n)}</div>' for n in b["notes"])
        out.append(
            f'<div class="card tags"><b>{html.escape(b["label"])}</b>{notes}<ul>'
            + "".join(f"<li>{i}</li>" for i in items)
            + "</ul></div>"
        )
    return "".join(out)


def render_dashboard(data: dict[str, Any]) -> str:
    """The page for `collect()`'s data: a complete HTML document (str)."""
    builds = data["builds"]
    n = max(1, len(builds))
    overview = overview_charts(data)
    per_build = [build_charts(i, b) for i, b in enumerate(builds)]
    charts = overview + [c for cs in per_build for c in cs]
    by_id = {c.id: c for c in overview}
    title = "norcorpus dashboard · " + ", ".join(b["label"] for b in builds)

    rows_of_build_charts = []
    for kind in ("length", "lid", "domains", "clusters", "pii"):
        cells = []
        for i, cs in enumerate(per_build):
            found = [c for c in cs if c.id == f"{kind}_{i}"]
            cells.append(_chart_div(found[0]) if found else "")
        if any(cells):
            rows_of_build_charts.append(f'<div class="grid" style="--n:{n}">' + "".join(cells) + "</div>")

    body = [
        f"<h1>{html.escape(title)}</h1>",
        f"<div class='meta'>{html.escape(data['generated_by'])} · counts in <b>{html.escape(data['metric'])}</b>"
        " · everything on this page is inlined; it works offline</div>",
        f'<div class="cards" style="--n:{n}">' + "".join(_card(b, data["metric"]) for b in builds) + "</div>",
        "<h2 id='sec-tokens'>Tokens per source and version</h2>",
        f'<div class="grid" style="--n:2">{_chart_div(by_id["fig1a"])}{_chart_div(by_id["fig1b"])}</div>',
        _chart_div(by_id["fig1a_sources"], "chart wide"),
        "<h2 id='sec-table2'>Source × language</h2>",
        _table2(data),
        "<h2 id='sec-drops'>Where documents were dropped, and why</h2>",
        f'<div class="grid" style="--n:2">{_chart_div(by_id["funnel"])}{_chart_div(by_id["drops"])}</div>',
        f'<div class="grid" style="--n:{n}">'
        + "".join(f"<div>{_drops_table(b)}</div>" for b in builds)
        + "</div>",
        "<h2 id='sec-columns'>Lengths, language scores, domains and duplicates (from the Parquet columns)</h2>",
        *rows_of_build_charts,
        "<h2 id='sec-tags'>Tags present in each build</h2>",
        f'<div class="cards" style="--n:{n}">' + _tags_section(builds, data) + "</div>",
    ]
    specs = [{"id": c.id, "figure": c.figure} for c in charts]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # the page may load nothing from anywhere: a browser refuses any request the CSP does not allow
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' "
            "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">",
            f"<title>{html.escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head><body>",
            *body,
            f'<script type="application/json" id="norcorpus-data">{_json_for_script(data)}</script>',
            f'<script type="application/json" id="norcorpus-charts">{_json_for_script(specs)}</script>',
            f"<script>{_plotly_js()}</script>",
            f"<script>{_INIT_JS}</script>",
            "</body></html>",
        ]
    )
