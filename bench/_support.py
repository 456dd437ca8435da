"""What the benchmarks share: scratch databases, Django set up like production, tables.

Scratch databases are created on the PostgreSQL server of BENCH_POSTGRES
(default postgres://postgres@127.0.0.1:5432, trust auth) through its template1
database, from template0, and dropped again unless the caller keeps them.
"""

import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = REPO / ".venv" / "bin" / "python"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Databases no benchmark may create, fill or drop, whatever it is told.
PROTECTED = {"postgres", "template0", "template1", "test", "root"}

# Production settings (DEBUG off, so Django keeps no query log), plain HTTP on loopback.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789abcdefghij",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SITE_URL": "http://127.0.0.1:8000",
}

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def settings_env(static_root: str | None = None) -> dict:
    """Environment for production settings; with `static_root`, static files from there."""
    env = dict(PRODUCTION_ENV)
    if static_root:
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        env["BENCH_STATIC_ROOT"] = static_root
        env["PYTHONPATH"] = os.pathsep.join(
            [str(BENCH), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    return env


@contextlib.contextmanager
def collected_static() -> Iterator[str]:
    """A temporary STATIC_ROOT filled by collectstatic, as the production image has one."""
    with tempfile.TemporaryDirectory(prefix="bench-static-") as folder:
        child = {**os.environ, **settings_env(folder)}
        child.pop("DATABASE_URL", None)
        child.pop("REDIS_URL", None)
        result = subprocess.run(
            [str(PYTHON), "manage.py", "collectstatic", "--noinput"],
            cwd=REPO, env=child, capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit("bench: collectstatic failed")
        yield folder


def database_url(name: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url("template1"), autocommit=True) as conn:
        conn.execute(sql)


def create_database(name: str) -> str:
    if name in PROTECTED:
        raise SystemExit(f"bench: refusing to create or fill the database {name!r}")
    _admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
    return database_url(name)


def drop_database(name: str) -> None:
    if name in PROTECTED:
        raise SystemExit(f"bench: refusing to drop the database {name!r}")
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_database(name: str, *, keep: bool = False) -> Iterator[str]:
    """A new, empty database; dropped afterwards unless `keep`."""
    url = create_database(name)
    try:
        yield url
    finally:
        if not keep:
            drop_database(name)


def manage(*args: str, database: str, env: dict | None = None, quiet=True) -> None:
    """`manage.py *args` in a child process against `database`, production settings."""
    child = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": database}
    child.pop("REDIS_URL", None)  # no broker or cache unless the caller names one
    child.update(env or {})
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=child,
        capture_output=quiet,
        text=True,
    )
    if result.returncode:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"bench: manage.py {' '.join(args)} failed ({result.returncode})")


def fill_database(url: str, items: int, *, seed: int = 1) -> None:
    """Migrate and fill a scratch database with generate_demo_news (the bar on stderr)."""
    manage("migrate", "--noinput", database=url)
    manage("generate_demo_news", "--items", str(items), "--seed", str(seed), database=url,
           quiet=False)  # fmt: skip


def setup_django(database: str, *, static_root: str | None = None, **env: str) -> None:
    """Django in this process, against `database`, with production settings."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "ecosystem.settings"
    os.environ.update(settings_env(static_root))
    os.environ["DATABASE_URL"] = database
    os.environ.update(env)
    if "REDIS_URL" not in env:
        os.environ.pop("REDIS_URL", None)
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import django

    django.setup()
    import logging

    # The pipeline logs every feed at INFO; a benchmark prints its own table.
    logging.getLogger("ecosystem").setLevel(logging.WARNING)


def machine() -> str:
    """One line: cores, memory, Python, PostgreSQL (when Django is set up on it)."""
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    parts = [f"{os.cpu_count()} cores", memory, f"Python {platform.python_version()}"]
    with contextlib.suppress(Exception):
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                parts.append(f"PostgreSQL {cursor.fetchone()[0].split()[0]}")
    return ", ".join(part for part in parts if part)


def median(values) -> float:
    return statistics.median(values)


def table(header: list[str], rows: list[list], align: str = "") -> str:
    """A Markdown table; `align` has one letter per column: l or r (default r, first l)."""
    align = align or "l" + "r" * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |")
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def flush_redis(url: str) -> None:
    """Empty the Redis database a benchmark uses for its broker or cache."""
    import redis

    with redis.Redis.from_url(url) as client:
        client.flushdb()


def serve_feeds(document: Callable[[str], bytes]) -> ThreadingHTTPServer:
    """An HTTP server on a free loopback port answering GET <path> with document(path)
    as RSS, in a thread of its own; stop it with shutdown()."""

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- http.server's name
            body = document(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
