"""The production stack under load: a page mix and brand pages against /healthz alone.

    .venv/bin/python bench/load.py --database postgres://postgres@127.0.0.1:5432/NAME
        [--seconds 20] [--segments 3] [--connections 32] [--redis redis://127.0.0.1:6379/5]

NAME is a database filled with generate_demo_news (1,000,000 items for the
documented figures); without --database the benchmark creates one, fills it
(a few minutes) and drops it at the end.

It starts what docker-compose.yml starts, directly on this machine: gunicorn
ecosystem.wsgi with 3 workers of 4 threads (ecosystem/gunicorn_conf.py) on a
loopback port, a Celery worker and Celery beat, with DEBUG off, SECRET_KEY and
ALLOWED_HOSTS set, SECURE_SSL_REDIRECT=false (plain HTTP on loopback), static
files collected into a temporary STATIC_ROOT, Redis database 5 as broker
(emptied before and after), TRUSTED_PROXIES=127.0.0.1 (wrk plays the proxy:
each request names its client in X-Forwarded-For) and
FEEDS_ALLOW_PRIVATE_NETWORKS=true so that the worker may fetch from loopback. A
feed server in this process serves 20 feeds that gain an item every 2 seconds,
and every 10 seconds each of their sources is queued for fetching, so the worker
stores news the whole time.

wrk drives the load from another process (32 connections, 2 threads, requests
slower than 10 s count as errors) in three legs, interleaved in segments of
--seconds (default 3 × 20 s = 60 s per leg), the order rotating:

- mix: brand pages, filtered news lists and category pages, searches and JSON API
  calls (see MIX);
- brand pages: /brands/<slug>/ alone, for the brands of the mix;
- healthz: /healthz alone;
- mix under attack: the mix again, while 4 more connections from one address
  send the worst requests an anonymous client can (HOSTILE): the mix's p99 and
  errors say whether one client can slow everyone down.

Per leg: the median of the segments' requests/s and p99 latencies, and the sum
of errors (connection errors, timeouts, any answer but 200). The figure is
brand pages / healthz in requests/s, target at least 0.5 with no errors.
Every process started here is stopped at the end, by its process group.
"""

import argparse
import contextlib
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _support  # noqa: E402

TARGET = 0.5
VENV_BIN = _support.REPO / ".venv" / "bin"
FEEDS = 20
ITEMS_PER_SECOND = 0.5  # per feed
FEED_WINDOW = 30  # items in a feed document
ENQUEUE_EVERY = 10.0  # seconds

BRANDS = ["xiaomi", "redmi", "poco", "xiaomi-ev", "roborock", "dreame", "amazfit", "mijia",
          "ninebot", "yeelight", "youpin", "viomi", "smartmi", "zmi", "soocas"]  # fmt: skip
CATEGORIES = ["smartphones", "robot-vacuums", "wearables", "electric-vehicles", "smart-home",
              "air-and-water", "audio", "health-devices"]  # fmt: skip
SEARCHES = ["Roborock", "Saugroboter", "phone+price", "Xiaomi+15", "air+purifier", "Ninebot",
            "%E6%89%AB%E5%9C%B0%E6%9C%BA%E5%99%A8%E4%BA%BA", "smartwatch+review"]  # fmt: skip


def mix() -> list[tuple[str, int]]:
    """(path, weight): 40 % brand pages, 25 % lists, 15 % searches, 20 % API.

    The API's counts and /api/brands/'s news counts come from the maintained
    counters (news/counters.py), so they cost the same whenever news arrives.
    """
    paths = [(f"/brands/{slug}/", 36 / len(BRANDS)) for slug in BRANDS]
    paths.append(("/brands/xiaomi/?include=tied", 4))
    paths += [(f"/news/?category={slug}", 8 / len(CATEGORIES)) for slug in CATEGORIES]
    paths += [(f"/news/?brand={slug}", 8 / 4) for slug in BRANDS[:4]]
    paths += [(f"/categories/{slug}/", 6 / 3) for slug in CATEGORIES[:3]]
    paths.append(("/news/", 3))
    paths += [(f"/news/?q={words}", 15 / len(SEARCHES)) for words in SEARCHES]
    paths += [(f"/api/news/?brand={slug}", 8 / 4) for slug in BRANDS[:4]]
    paths += [(f"/api/news/?category={slug}", 6 / 3) for slug in CATEGORIES[:3]]
    paths += [("/api/news/?q=roborock", 2), ("/api/announcements/", 2), ("/api/brands/", 2)]
    return paths


LUA = """
local paths = {%(paths)s}
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  math.randomseed(id * 7919)
  not_ok = 0
end

function request()
  local client = "%(client)s"
  if client == "" then
    -- Each request from another address behind the trusted proxy, as many
    -- people would: nobody here meets the per-client rate limits.
    client = string.format("198.18.%%d.%%d", math.random(0, 255), math.random(1, 254))
  end
  return wrk.format("GET", paths[math.random(#paths)], {["X-Forwarded-For"] = client})
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end


function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "p99_us": %%d, "p50_us": %%d, '
    .. '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "status": %%d, '
    .. '"not_200": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(99), latency:percentile(50),
    e.connect, e.read, e.write, e.timeout, e.status, bad))
end
"""


def lua_script(paths: list[tuple[str, float]], client: str = "") -> str:
    """wrk's script for `paths`, each request from `client` (default: a random address)."""
    # Weights become repetitions in the list that request() draws from.
    expanded = []
    for path, weight in paths:
        expanded += [path] * max(1, round(weight * 4))
    return LUA % {"paths": ", ".join(json.dumps(path) for path in expanded), "client": client}


# The worst requests an anonymous client can send, from one address: the
# crafted search that once ran 57 s (99 one-letter words and a Chinese
# character), a lone Chinese character, a long run of Chinese, twelve OR'ed
# brand names, a date filter far in the past, the deepest API page.
ATTACKER = "203.0.113.66"
HOSTILE = [
    ("/news/?q=" + "+".join(["a"] * 99) + "+%E7%B1%B3", 1),
    ("/news/?q=%E7%B1%B3", 1),
    ("/api/news/?q=%E7%B1%B3", 1),
    ("/news/?q=" + "%E5%B0%8F%E7%B1%B3%E6%89%8B%E6%9C%BA" * 10, 1),
    ("/news/?q=" + "+OR+".join(BRANDS[:6]), 1),
    ("/news/?until=1990-01-01", 1),
    ("/api/news/?brand=xiaomi&page=100", 1),
]
ATTACK_CONNECTIONS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FeedServer:
    """FEEDS RSS feeds on loopback that gain an item every 1/ITEMS_PER_SECOND seconds."""

    def __init__(self, texts: list[tuple[str, str]]):
        self.texts = texts
        self.started = time.time()
        self.fetches = 0
        self.http = _support.serve_feeds(self._answer)
        self.port = self.http.server_address[1]

    def _answer(self, path: str) -> bytes:
        """/<feed number>.xml"""
        self.fetches += 1
        return self.document(int(path.rsplit("/", 1)[-1].split(".")[0]))

    def document(self, feed: int) -> bytes:
        newest = FEED_WINDOW + int((time.time() - self.started) * ITEMS_PER_SECOND)
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Load feed {feed}</title><link>https://load.invalid/{feed}/</link>"
        ]
        for n in range(newest, newest - FEED_WINDOW, -1):
            title, summary = self.texts[(feed * 1009 + n) % len(self.texts)]
            published = datetime.datetime.fromtimestamp(
                self.started + (n - FEED_WINDOW) / ITEMS_PER_SECOND, datetime.UTC
            )
            parts.append(
                f"<item><title>{escape(title)}</title><link>https://load.invalid/{feed}/{n}</link>"
                f"<guid>load-{feed}-{n}</guid><pubDate>{format_datetime(published, usegmt=True)}"
                f"</pubDate><description>{escape(summary)}</description></item>"
            )
        parts.append("</channel></rss>")
        return "".join(parts).encode()

    def stop(self):
        self.http.shutdown()


def feed_texts(count: int) -> list[tuple[str, str]]:
    from django.db import transaction
    from django.utils import timezone

    from ecosystem.news.demo import generator, planner, writers

    end = datetime.datetime.combine(timezone.now().date(), datetime.time(), datetime.UTC)
    with transaction.atomic():
        plan = planner.plan(writers.demo_sources())
        rows = [row for row, _, _ in generator.generate(plan, 99, count, 1, end)]
        transaction.set_rollback(True)
    return [(title, summary) for _, _, _, _, title, summary, *_ in rows]


class Stack:
    """gunicorn, the Celery worker and beat, each in a process group of its own."""

    def __init__(self, env: dict, folder: Path, port: int):
        self.env, self.folder, self.port = env, folder, port
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str]) -> None:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 -- lives as long as the process
        self.processes[name] = subprocess.Popen(
            command, cwd=_support.REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def up(self) -> None:
        self.start(
            "web",
            # The production settings (ecosystem/gunicorn_conf.py), on a loopback port.
            [str(VENV_BIN / "gunicorn"), "-c", "python:ecosystem.gunicorn_conf",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "3", "ecosystem.wsgi"],
        )  # fmt: skip
        self.start(
            "worker", [str(VENV_BIN / "celery"), "-A", "ecosystem", "worker", "--loglevel=INFO"]
        )
        self.start(
            "beat",
            [str(VENV_BIN / "celery"), "-A", "ecosystem", "beat", "--loglevel=INFO",
             "--schedule", str(self.folder / "beat-schedule")],
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise SystemExit(f"bench: {name} exited; see its log:\n" + self.log(name))
            with contextlib.suppress(OSError):
                url = f"http://127.0.0.1:{self.port}/healthz"
                if urllib.request.urlopen(url, timeout=5).status == 200:
                    return
            if time.monotonic() > deadline:
                raise SystemExit(
                    "bench: /healthz did not answer 200 within 60 s\n" + self.log("web")
                )
            time.sleep(0.5)

    def settle(self, limit: float = 180.0) -> float:
        """Wait until the previous leg's accepted requests are answered; returns the wait.

        gunicorn answers the requests it has accepted after wrk has gone; the next
        leg starts once its access log stays free of them for two seconds.
        """
        log = self.folder / "web.log"
        start = time.monotonic()
        position, quiet = log.stat().st_size, 0
        while quiet < 2 and time.monotonic() - start < limit:
            time.sleep(1)
            with log.open(errors="replace") as handle:
                handle.seek(position)
                new = handle.read()
                position = handle.tell()
            busy = any("GET" in line and "/healthz" not in line for line in new.splitlines())
            quiet = 0 if busy else quiet + 1
        return time.monotonic() - start

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]

    def down(self) -> None:
        # SIGTERM to each leader alone: a warm shutdown, in which the Celery
        # worker lets its pool finish the fetch at hand (the pool's processes
        # would die mid-task if the whole group got the signal).
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            # Then whatever is left of the group, the leader's children included.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wrk(port: int, script: Path, seconds: int, connections: int) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=seconds + 60,
    )  # fmt: skip
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"bench: wrk said\n{result.stdout}{result.stderr}")
    stats = json.loads(line[6:])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    stats["errors"] = sum(stats[k] for k in ("connect", "read", "write", "timeout", "not_200"))
    return stats


def under_attack(port: int, files: dict[str, Path], args) -> tuple[dict, dict]:
    """The mix and the attack at once: (the mix's figures, the attacker's)."""
    attacks: list[dict] = []
    attacker = threading.Thread(
        target=lambda: attacks.append(wrk(port, files["attack"], args.seconds, ATTACK_CONNECTIONS))
    )
    attacker.start()
    stats = wrk(port, files["mix under attack"], args.seconds, args.connections)
    attacker.join()
    return stats, attacks[0]


def preflight(port: int, paths: list[str]) -> None:
    """Every path of the mix answers 200 once (and the workers warm up)."""
    for path in paths:
        try:
            status = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).status
        except OSError as exc:
            raise SystemExit(f"bench: {path}: {exc}") from None
        if status != 200:
            raise SystemExit(f"bench: {path} answered {status}")


def run(database: str, args) -> None:
    import redis

    from ecosystem.news.models import NewsItem, Source
    from ecosystem.news.tasks import fetch_source

    broker = redis.Redis.from_url(args.redis)
    broker.flushdb()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    texts = feed_texts(5000)
    feeds = FeedServer(texts)
    sources = [
        Source.objects.create(
            name=f"Load feed {n}",
            url=f"http://127.0.0.1:{feeds.port}/load/{n}.xml",
            min_interval=datetime.timedelta(seconds=10),
            max_interval=datetime.timedelta(minutes=1),
        )
        for n in range(FEEDS)
    ]
    port = free_port()
    static_root = folder / "static"
    env = {
        **os.environ,
        **_support.settings_env(str(static_root)),
        "DATABASE_URL": database,
        "REDIS_URL": args.redis,
        "FEEDS_ALLOW_PRIVATE_NETWORKS": "true",
        "BEHIND_TLS_PROXY": "false",
        # wrk stands for the TLS proxy; each request says which client it is for.
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    stack = Stack(env, folder, port)
    stop = threading.Event()
    try:
        subprocess.run(
            [str(_support.PYTHON), "manage.py", "collectstatic", "--noinput"],
            cwd=_support.REPO, env=env, check=True, capture_output=True,
        )  # fmt: skip
        stack.up()

        def enqueue():
            while not stop.is_set():
                for source in sources:
                    fetch_source.delay(source_id=source.pk)
                stop.wait(ENQUEUE_EVERY)

        threading.Thread(target=enqueue, daemon=True).start()
        paths = mix()
        scripts = {
            "mix": lua_script(paths),
            "brand pages": lua_script([(f"/brands/{slug}/", 1) for slug in BRANDS]),
            "healthz": lua_script([("/healthz", 1)]),
            "mix under attack": lua_script(paths),
            "attack": lua_script(HOSTILE, client=ATTACKER),
        }
        files = {}
        for name, text in scripts.items():
            files[name] = folder / f"{name.replace(' ', '-')}.lua"
            files[name].write_text(text)
        print(_support.machine())
        print(
            f"gunicorn 3 workers, Celery worker and beat, {NewsItem.objects.count():,} news items;"
            f" wrk {args.connections} connections, {args.segments} × {args.seconds} s per leg\n"
        )
        preflight(port, [path for path, _ in paths])
        wrk(port, files["mix"], 10, args.connections)  # warm-up
        legs = ["mix", "brand pages", "healthz", "mix under attack"]
        results: dict[str, list[dict]] = {name: [] for name in [*legs, "attack"]}
        for segment in range(args.segments):
            order = legs[segment % len(legs) :] + legs[: segment % len(legs)]
            for name in order:
                waited = stack.settle()
                if name == "mix under attack":
                    stats, attack = under_attack(port, files, args)
                    results["attack"].append(attack)
                else:
                    stats = wrk(port, files[name], args.seconds, args.connections)
                results[name].append(stats)
                print(
                    f"segment {segment + 1} {name}: {stats['rps']:.1f} req/s, "
                    f"p99 {stats['p99_us'] / 1000:.0f} ms, {stats['errors']} errors "
                    f"(after {waited:.0f} s for the previous leg's backlog)",
                    file=sys.stderr,
                )
        stored = NewsItem.objects.filter(source__in=sources).count()
    finally:
        stop.set()
        stack.down()
        feeds.stop()
        logs = {name: stack.log(name) for name in stack.processes}
        Source.objects.filter(pk__in=[s.pk for s in sources]).delete()
        broker.flushdb()
        if args.logs:
            Path(args.logs).mkdir(parents=True, exist_ok=True)
            for log in folder.glob("*.log"):
                shutil.copy(log, args.logs)
        shutil.rmtree(folder, ignore_errors=True)

    rows, rps = [], {}
    for name in sorted(legs, key=lambda leg: leg != "healthz"):
        rps[name] = _support.median([s["rps"] for s in results[name]])
        p99 = _support.median([s["p99_us"] for s in results[name]]) / 1000
        p50 = _support.median([s["p50_us"] for s in results[name]]) / 1000
        errors = sum(s["errors"] for s in results[name])
        total = sum(s["requests"] for s in results[name])
        rows.append(
            [name, f"{rps[name]:.1f}", f"{p50:.0f} ms", f"{p99:.0f} ms", f"{total:,}",
             str(errors), f"{rps[name] / rps['healthz']:.2f}"]
        )  # fmt: skip
    print(_support.table(
        ["leg", "requests/s", "p50", "p99", "requests", "errors", "÷ healthz"], rows
    ))  # fmt: skip
    # The attacker's refused requests are the defence working, not errors.
    errors = sum(s["errors"] for name in legs for s in results[name])
    ratio = rps["brand pages"] / rps["healthz"]
    print(
        f"\nbrand pages / healthz = {ratio:.2f} (target ≥ {TARGET}), errors {errors} "
        f"(target 0): {_support.verdict(ratio >= TARGET and errors == 0)}; "
        f"mix / healthz = {rps['mix'] / rps['healthz']:.2f}"
    )
    attack = results["attack"]
    under = results["mix under attack"]
    print(
        f"under attack ({ATTACK_CONNECTIONS} connections from {ATTACKER} sending the worst "
        f"requests, {sum(s['requests'] for s in attack):,} of them, "
        f"{sum(s['not_200'] for s in attack):,} refused or cut short): the mix's p99 "
        f"{_support.median([s['p99_us'] for s in under]) / 1000:.0f} ms, "
        f"{sum(s['errors'] for s in under)} errors, "
        f"{rps['mix under attack'] / rps['mix']:.2f} of its requests/s alone"
    )
    print(
        f"meanwhile the Celery worker fetched {feeds.fetches} feed documents and stored "
        f"{stored:,} new items (removed again)"
    )
    failed = [line for text in logs.values() for line in text.splitlines() if "Traceback" in line]
    if failed:
        print(f"tracebacks in the logs of the stack: {len(failed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="A database filled with generate_demo_news.")
    parser.add_argument("--items", type=int, default=1_000_000, help="When creating one.")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--segments", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--logs", help="Copy the logs of gunicorn, worker and beat here.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install -y wrk)")
    created = None
    try:
        database = args.database
        if database is None:
            created = f"bench_load_{os.getpid()}"
            database = _support.create_database(created)
            print(f"filling {created} with {args.items:,} items …", file=sys.stderr)
            _support.fill_database(database, args.items)
        _support.setup_django(database, REDIS_URL=args.redis)
        run(database, args)
    finally:
        with contextlib.suppress(Exception):  # Django may not be set up yet
            from django.db import connections

            connections.close_all()
        if created:
            _support.drop_database(created)


if __name__ == "__main__":
    main()
