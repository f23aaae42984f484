"""Dashboards of a built corpus: statistics from stats.json and the Parquet columns → one offline HTML page.

`open_builds` finds the build directories, `collect` gathers every number the page shows (a plain JSON-able
dict, also printed by `norcorpus dashboard --json`), `render_dashboard` turns it into a self-contained page.
"""

from norcorpus.report.builds import BuildDir, open_builds
from norcorpus.report.collect import collect
from norcorpus.report.page import render_dashboard
from norcorpus.report.serve import serve_html

__all__ = ["BuildDir", "collect", "open_builds", "render_dashboard", "serve_html"]
