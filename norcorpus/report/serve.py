"""`--serve`: the page on http://127.0.0.1:PORT/ until interrupted (standard library; loopback only)."""

from __future__ import annotations

from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _PageHandler(BaseHTTPRequestHandler):
    def __init__(self, page: bytes, *args, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.split("?")[0] not in ("/", "/index.html", "/dashboard.html"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.page)))
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # one line per request would bury the URL the user needs


def serve_html(page: str, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for the page (port 0: any free port); call `serve_forever()` on it, `shutdown()` to stop."""
    return ThreadingHTTPServer((host, port), partial(_PageHandler, page.encode("utf-8")))
