"""What full text costs per article: fetch (loopback) and extraction of realistic pages.

    .venv/bin/python bench/articles.py [--pages 40]

It creates a scratch PostgreSQL database (bench_articles_<pid>, dropped at the
end) for the hosts' slots, serves the article fixtures of tests/fixtures/articles
from a local HTTP server on loopback, each grown to the size of a real news page
(about 200 KB of HTML: a menu of a few hundred links, inline scripts and styles,
a JSON blob of the site's state, a long footer, as a publisher's page carries),
and times, for `--pages` pages in turn with no pause between requests
(ARTICLES_HOST_DELAY=0; the pause is politeness, not cost):

- `fetch_article(url)`: the host's slot, robots.txt (cached after the first),
  the guarded fetch and the extraction, as the full-text step runs it;
- `extract_article(html)` alone on the same bytes.

The figures are medians per page.
"""

import argparse
import os
import statistics
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _support  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "articles"


def realistic(page: bytes) -> bytes:
    """`page` with the weight of a real publisher's page around the same article."""
    menu = "".join(
        f'<li><a href="/section/{n}">Section {n} news and reviews</a></li>' for n in range(400)
    )
    script = "<script>window.__STATE__ = {" + ",".join(
        f'"k{n}": "{"x" * 120}"' for n in range(600)
    ) + "};</script>"  # fmt: skip
    style = "<style>" + "".join(f".c{n}{{margin:{n % 9}px;color:#{n:06x}}}" for n in range(1500))
    footer = "<footer>" + "".join(f"<p>Partner link {n}</p>" for n in range(300)) + "</footer>"
    head, _, rest = page.partition(b"<body>")
    body, _, tail = rest.rpartition(b"</body>")
    return (
        head
        + (style + "</style>").encode()
        + b"<body><nav><ul>"
        + menu.encode()
        + b"</ul></nav>"
        + body
        + footer.encode()
        + script.encode()
        + b"</body>"
        + tail
    )


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- http.server's name
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(count: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ecosystem.news.ingestion.articles import extract_article, fetch_article

    fixtures = sorted(FIXTURES.glob("*.html"))
    chosen = [fixtures[n % len(fixtures)] for n in range(count)]
    pages = {f"/{n}/{path.name}": realistic(path.read_bytes()) for n, path in enumerate(chosen)}
    server = serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sizes = sorted(len(page) for page in pages.values())
    fetched, extracted, chars = [], [], []
    try:
        for path, page in pages.items():
            start = time.perf_counter()
            article = fetch_article(base + path)
            fetched.append(time.perf_counter() - start)
            start = time.perf_counter()
            extract_article(page, url=base + path)
            extracted.append(time.perf_counter() - start)
            chars.append(len(article.text))
    finally:
        server.shutdown()
    print(_support.machine())
    print(
        f"\n{len(pages)} pages of {sizes[0] // 1024}–{sizes[-1] // 1024} KB "
        f"(median {statistics.median(sizes) // 1024} KB), main text "
        f"{min(chars):,}–{max(chars):,} characters\n"
    )
    rows = [
        ["fetch_article (slot, robots.txt, fetch, extract)", *_stats(fetched)],
        ["extract_article alone", *_stats(extracted)],
    ]
    print(_support.table(["per page", "median", "range"], rows))


def _stats(values: list[float]) -> list[str]:
    return [
        f"{statistics.median(values) * 1000:.0f} ms",
        f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f} ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    name = f"bench_articles_{os.getpid()}"
    with _support.scratch_database(name) as url:
        _support.setup_django(url, FEEDS_ALLOW_PRIVATE_NETWORKS="true", ARTICLES_HOST_DELAY="0")
        try:
            run(args.pages)
        finally:
            from django.db import connections

            connections.close_all()


if __name__ == "__main__":
    main()
