"""Private PostgreSQL and Redis servers, child processes and a feed server for the fault tests.

Everything here runs on spare ports inside a temporary folder and is stopped or killed by
the tests themselves; the machine's shared services (5432, 6379) are never touched.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.subprocess_django import ROOT, SETTINGS_VARIABLES

# What every child gets on top of the private servers' URLs: production-like settings
# (DEBUG off), plain HTTP, and feeds on loopback allowed (the feed server is local).
CHILD_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "tests.faults.child_settings",
    "DEBUG": "false",
    "SECRET_KEY": "fault-tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SITE_URL": "http://127.0.0.1:8000",
    "SECURE_SSL_REDIRECT": "false",
    "FEEDS_ALLOW_PRIVATE_NETWORKS": "true",
    "PYTHONUNBUFFERED": "1",
}


def wait_for(condition, timeout: float, interval: float = 0.2, message: str = "") -> None:
    """Poll `condition` until it is true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message or condition}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


# --- PostgreSQL -------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    """Debian's versioned folder of PostgreSQL programs (the newest), or the PATH's."""
    folders = [p for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p).parent.name.isdigit()]
    folders.sort(key=lambda p: int(Path(p).parent.name))
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def reap(process: subprocess.Popen) -> None:
    """Wait for a server that was told to stop; SIGKILL it if it takes too long."""
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class PostgresServer:
    """A throw-away cluster: initdb into a temporary folder, the postmaster run as a child
    of the test process, pg_ctl to stop it cleanly.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres`
    account and its programs run through `runuser`.
    """

    user = "postgres"  # the database superuser, trusted on 127.0.0.1

    def __init__(self, folder: Path):
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL programs (initdb, pg_ctl) are not installed")
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = free_port()
        self.as_user: list[str] = []
        self.process: subprocess.Popen | None = None
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=timeout, cwd="/"
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stderr}\n{tail(self.log)}")
        return result

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user, "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        """Run the postmaster as a child of this process (not daemonised by pg_ctl), so
        that when a test kills it, it is reaped at once and cannot linger as a zombie whose
        PID in postmaster.pid would stop the next start."""
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    *self.as_user, str(self.bin / "postgres"), "-D", str(self.data),
                    "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                    "-c", f"unix_socket_directories={self.folder}", "-c", "fsync=off",
                    "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=60",
                ],
                stdout=log, stderr=subprocess.STDOUT, cwd="/", start_new_session=True,
            )  # fmt: skip

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited at start:\n{tail(self.log)}")
            return port_open(self.port) and self._accepts()

        wait_for(ready, timeout=30, message="PostgreSQL to accept connections")

    def _accepts(self) -> bool:
        try:
            self.connect().close()
        except Exception:  # starting up, or recovering after a crash
            return False
        return True

    def stop(self) -> None:
        """A clean, fast shutdown: connections are closed, nothing is lost."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        self._reap()

    def _reap(self) -> None:
        if self.process is not None:
            reap(self.process)
            self.process = None

    def kill(self) -> None:
        """SIGKILL the postmaster and every backend, as a crash would; start() recovers."""
        pid_file = self.data / "postmaster.pid"
        try:
            postmaster = int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return
        backends = _children_of(postmaster)
        for pid in (postmaster, *backends):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._reap()
        wait_for(
            lambda: not any(_alive(pid) for pid in (postmaster, *backends)),
            timeout=10,
            message="the killed PostgreSQL processes to go",
        )

    def running(self) -> bool:
        return port_open(self.port)

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}?connect_timeout=3"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=database,
            autocommit=True, connect_timeout=5,
        )  # fmt: skip

    def shutdown(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._run(
                    str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                    "stop", timeout=30,
                )  # fmt: skip
            except (RuntimeError, subprocess.TimeoutExpired):
                self.kill()
        self._reap()


def _children_of(parent: int) -> list[int]:
    children = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            children.append(int(Path(stat).parent.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# --- Redis --------------------------------------------------------------------------------


class RedisServer:
    """redis-server on a spare port, without persistence, as a child of the test run."""

    def __init__(self, folder: Path):
        self.program = shutil.which("redis-server")
        if self.program is None:
            raise RuntimeError("redis-server is not installed")
        self.folder = folder
        self.port = free_port()
        self.log = folder / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    self.program, "--port", str(self.port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", str(self.folder),
                ],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_for(self.running, timeout=15, message="redis-server to answer")

    def stop(self) -> None:
        """SIGTERM: Redis closes its clients and exits (nothing is saved)."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        self._end(signal.SIGKILL)

    def pause(self) -> None:
        """SIGSTOP: the kernel still accepts connections, but Redis never answers (hung)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def _end(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signum)
        reap(self.process)
        self.process = None

    def running(self) -> bool:
        return port_open(self.port)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def shutdown(self) -> None:
        if self.process is not None:
            self.resume()  # a stopped process ignores nothing but SIGKILL; be tidy anyway
        self.kill()


def private_folder(prefix: str) -> Path:
    """A folder in /tmp that the postgres account can enter (pytest's own are 0700)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))


# --- Child processes -------------------------------------------------------------------


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    for name in ("TEST_REQUIRE", "CELERY_VISIBILITY_TIMEOUT", "CELERY_TASK_TIME_LIMIT"):
        env.pop(name, None)
    env.update(CHILD_SETTINGS)
    env.update(extra)
    return env


@dataclass
class Child:
    """A long-running child process in its own session, its output in a log file."""

    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> Child:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, text: str, timeout: float) -> None:
        def seen():
            if text in self.output():
                return True
            if not self.alive():
                raise AssertionError(f"{self.name} exited early:\n{tail(self.log)}")
            return False

        wait_for(seen, timeout=timeout, message=f"{self.name} to log {text!r}")

    def kill(self) -> None:
        """SIGKILL the whole process group (a worker and its pool), as a crash would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        # Members of the group that outlive the leader for a moment (pool processes).
        wait_for(
            lambda: not _group_alive(self.process.pid),
            timeout=10,
            message=f"{self.name}'s processes to die",
        )

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM (a warm shutdown), then SIGKILL for whatever is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        self.kill()


def _group_alive(pgid: int) -> bool:
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


class Children:
    """The test's child processes; whatever is still running at the end is stopped."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder = folder
        self.env = env
        self.started: list[Child] = []

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> Child:
        child = Child(name, list(args), {**self.env, **(env or {})}, self.folder / f"{name}.log")
        self.started.append(child.start())
        return child

    def manage(self, *args: str, timeout: float = 120, code: str | None = None):
        """`manage.py *args` (or Python `code` after django.setup()) to completion."""
        if code is not None:
            command = [sys.executable, "-c", "import django; django.setup()\n" + code]
        else:
            command = [sys.executable, "manage.py", *args]
        result = subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"{command[1:3]} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def worker(self, name: str, concurrency: int = 1, env: dict[str, str] | None = None) -> Child:
        child = self.start(
            name, sys.executable, "-m", "celery", "-A", "ecosystem", "worker",
            "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork",
            f"--hostname={name}@%h", env=env,
        )  # fmt: skip
        child.wait_for_output(" ready.", timeout=60)
        return child

    def beat(self, name: str, env: dict[str, str] | None = None) -> Child:
        # Its own schedule file: never the repository's var/celery/beat-schedule.
        child = self.start(
            name, sys.executable, "-m", "celery", "-A", "ecosystem", "beat", "--loglevel=INFO",
            f"--schedule={self.folder / (name + '-schedule')}", env=env,
        )  # fmt: skip
        child.wait_for_output("beat: Starting", timeout=60)
        return child

    def web(self, name: str = "web") -> WebServer:
        port = free_port()
        child = self.start(
            name, sys.executable, "-m", "gunicorn", "ecosystem.wsgi",
            f"--bind=127.0.0.1:{port}", "--workers=1", "--timeout=60",
            "--access-logfile=-", "--error-logfile=-",
        )  # fmt: skip
        web = WebServer(child, port)
        wait_for(lambda: port_open(port), timeout=30, message="gunicorn to listen")
        return web

    def stop_all(self) -> None:
        for child in reversed(self.started):
            with contextlib.suppress(Exception):
                child.stop(timeout=10)


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float


@dataclass
class WebServer:
    child: Child
    port: int

    def get(self, path: str, timeout: float = 20, headers: dict[str, str] | None = None) -> Page:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers=headers or {}
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, headers, body = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            status, headers, body = exc.code, dict(exc.headers), exc.read()
        return Page(status, headers, body.decode(errors="replace"), time.monotonic() - started)

    def booted_workers(self) -> int:
        """How many worker processes gunicorn has started so far (1 unless one died)."""
        return self.child.output().count("Booting worker with pid")


# --- The feed server ---------------------------------------------------------------------


def rss(
    items: list[tuple[str, str]],
    title: str = "Fault feed",
    published: str = "Mon, 02 Mar 2026 10:00:00 +0000",
) -> bytes:
    """An RSS 2.0 document of (guid, title) items, each with its own link."""
    body = "".join(
        f'<item><title>{text}</title><guid isPermaLink="false">{guid}</guid>'
        f"<link>https://faults.example/{guid}</link>"
        f"<pubDate>{published}</pubDate></item>"
        for guid, text in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://faults.example/</link>{body}</channel></rss>"
    ).encode()


@dataclass
class Feed:
    body: bytes
    delay: float = 0.0  # seconds before the response starts
    # Stall after this many bytes on the first request, until `release` is set.
    stall_at: int | None = None
    stalled: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class FeedServer:
    """A threaded HTTP server of feeds that counts the requests for each path."""

    def __init__(self):
        self.feeds: dict[str, Feed] = {}
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # the name http.server calls
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.requests[path] += 1
                    first = server.requests[path] == 1
                feed = server.feeds.get(path)
                if feed is None:
                    self.send_error(404)
                    return
                if feed.delay:
                    time.sleep(feed.delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(feed.body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if feed.stall_at is not None and first:
                        self.wfile.write(feed.body[: feed.stall_at])
                        self.wfile.flush()
                        feed.stalled.set()
                        feed.release.wait(timeout=120)
                        self.wfile.write(feed.body[feed.stall_at :])
                    else:
                        self.wfile.write(feed.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the reader died, as the test intended
                self.close_connection = True

            def log_message(self, format, *args):  # http.server's signature: quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, feed: Feed) -> str:
        self.feeds[path] = feed
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str) -> int:
        with self._lock:
            return self.requests[path]

    def close(self) -> None:
        for feed in self.feeds.values():
            feed.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
