"""A threaded HTTP server on loopback that serves article pages and logs every request.

pytest-httpserver answers one request at a time, which would hide whether the
code under test ever asks one host for two pages at once; this one answers each
request in its own thread and records when each began and ended.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


@dataclass
class Page:
    body: bytes | None = None
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    # Seconds to wait before answering, and to wait between chunks of an endless body.
    delay: float = 0.0
    endless: bool = False


@dataclass
class Visit:
    path: str
    user_agent: str
    accept: str
    started: float
    ended: float = 0.0


@dataclass
class ArticleServer:
    pages: dict[str, Page] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    busiest: int = 0  # the most requests it served at once
    _active: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes | str | None = None, **options) -> str:
        """Serve `body` (or the fixture named like the path) at `path`; returns its URL."""
        if body is None and path != "/robots.txt":
            body = (ARTICLES / path.rsplit("/", 1)[-1]).read_bytes()
        if isinstance(body, str):
            body = body.encode()
        self.pages[path] = Page(body=body, **options)
        return self.url(path)

    def paths(self) -> list[str]:
        return [visit.path for visit in self.visits]


def start() -> tuple[ArticleServer, ThreadingHTTPServer]:
    state = ArticleServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            visit = Visit(
                self.path, self.headers.get("User-Agent", ""), self.headers.get("Accept", ""),
                time.monotonic(),
            )  # fmt: skip
            with state._lock:
                state.visits.append(visit)
                state._active += 1
                state.busiest = max(state.busiest, state._active)
            try:
                self._answer(state.pages.get(self.path) or Page(body=b"not here", status=404))
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                visit.ended = time.monotonic()
                with state._lock:
                    state._active -= 1

        def _answer(self, page: Page):
            time.sleep(page.delay if not page.endless else 0)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            if not page.endless:
                self.send_header("Content-Length", str(len(page.body or b"")))
            self.end_headers()
            if not page.endless:
                self.wfile.write(page.body or b"")
                return
            self.wfile.write(b"<html><body><article><p>")
            while True:  # a byte now and then, for ever
                self.wfile.write(b"Roborock ")
                self.wfile.flush()
                time.sleep(page.delay or 0.2)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
