"""The dashboard in real headless Chromium: served by `norcorpus dashboard --serve`, every chart renders, the
console stays clean, nothing is requested but the page itself, and a screenshot shows drawn charts.

Chromium is Debian's (`apt-get install chromium`, which .ci/run does where it is missing), found as
$NORCORPUS_CHROMIUM, else `chromium` on PATH; Playwright drives it (its own browser download is not used).
Without Chromium the test skips locally and fails in CI (CI=true), so CI cannot pass without running it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_report_dashboard import build_samples

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPECTED_CHARTS = 5 + 5 * 2  # overview (1A, 1A per source, 1B, funnel, drops) + 5 per build (PII included), 2 builds


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must run the browser test (.ci/run installs chromium)")
    pytest.skip(why)


def _chromium() -> str:
    found = (
        os.environ.get("NORCORPUS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        _missing("Chromium not found (apt-get install chromium, or set NORCORPUS_CHROMIUM)")
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """`norcorpus dashboard OUT --serve --port 0` as a user runs it; yields its URL."""
    out = build_samples(tmp_path_factory.getbasetemp() / "sample_builds")
    page = tmp_path_factory.mktemp("dash") / "dashboard.html"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from norcorpus.cli import main; main()",
            "dashboard",
            str(out),
            "--out",
            str(page),
            "--serve",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("serving on "):
                url = line.split()[2]
        assert url, (
            f"dashboard --serve printed no URL: {proc.stderr.read() if proc.poll() is not None else ''}"
        )
        assert url.startswith("http://127.0.0.1:")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_dashboard_renders_offline_in_chromium(served: str, tmp_path: Path) -> None:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    from PIL import Image

    requests: list[str] = []
    console: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.on("request", lambda r: requests.append(r.url))
        page.on(
            "console",
            lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.goto(served, wait_until="load")
        page.wait_for_function("document.body.hasAttribute('data-rendered')", timeout=60_000)
        state = page.evaluate("window.norcorpusDashboard")
        # every chart div holds a drawn Plotly SVG with at least one trace
        drawn = page.evaluate(
            """() => Array.from(document.querySelectorAll('.chart')).map(d => ({id: d.id,
                 svg: d.querySelectorAll('svg.main-svg').length,
                 traces: d.querySelectorAll('.trace, .bars .point, .funnel').length}))"""
        )
        box = page.locator("#fig1a").bounding_box()
        shot = page.screenshot(full_page=True)
        browser.close()

    assert state == {"charts": EXPECTED_CHARTS, "rendered": EXPECTED_CHARTS, "errors": []}
    assert len(drawn) == EXPECTED_CHARTS and all(d["svg"] > 0 and d["traces"] > 0 for d in drawn), drawn
    assert console == []
    assert requests == [served]  # the page itself, and nothing else: no CDN, font, or map tile

    (tmp_path / "dashboard.png").write_bytes(shot)
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    assert image.width == 1600 and image.height > 3000  # the whole page, all sections
    # Figure 1A is drawn: its area holds the bar colours, not just the white background and grey text
    chart = image.crop(
        (int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"]))
    )
    colours = chart.getcolors(maxcolors=1 << 20)
    saturated = sum(n for n, (r, g, b) in colours if max(r, g, b) - min(r, g, b) > 60)
    assert saturated > 0.05 * chart.width * chart.height, "Figure 1A shows no coloured bars"
