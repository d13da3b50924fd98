"""A local web server for the feed and page tests: files under tests/data, on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass
class Site:
    """What the server serves and what it was asked; `extra` adds or overrides paths in a test."""

    base: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p.split("?")[0] == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            path = self.path.split("?")[0]
            if path.startswith("/redirect/"):  # /redirect/N -> /redirect/N-1 ... -> /redirect/0 -> a page
                n = int(path.rsplit("/", 1)[1])
                target = f"/redirect/{n - 1}" if n > 0 else "/html/riverside_flood.html"
                self._send(302, b"", {"Location": target})
                return
            if path == "/redirect-to-unspecified":
                self._send(302, b"", {"Location": "http://0.0.0.0:9/x"})
                return
            body = site.extra.get(path)
            if body is None:
                file = (DATA / path.lstrip("/")).resolve()
                if DATA not in file.parents or not file.is_file():
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                body = file.read_bytes().replace(b"{BASE}", site.base.encode())
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", {"ETag": etag})
                return
            ctype = "application/rss+xml" if path.endswith(".xml") else "text/html; charset=utf-8"
            self._send(200, body, {"Content-Type": ctype, "ETag": etag,
                                   "Last-Modified": "Wed, 12 Apr 2023 16:00:00 GMT"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
