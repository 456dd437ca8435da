"""Server time of every public page and API list with 1,000 and with 1,000,000 news
items in PostgreSQL.

    .venv/bin/python bench/pages.py [--small URL --large URL] [--rounds 15] [--explain]
        [--redis redis://127.0.0.1:6379/5]

Without --small/--large it creates two scratch databases, migrates them and
fills them with generate_demo_news (1,000 and 1,000,000 items; the large one
takes a few minutes), and drops them at the end unless --keep. With them, it
uses databases filled that way already (e.g. kept from an earlier run).

Django runs in this process with production settings (DEBUG off) and answers
Django's test Client, so the time is the server's alone: URL routing,
middleware, queries, template or JSON rendering. The process holds one database
connection per database and switches the default connection between them. After
a warm-up, each round requests every page a few times on each database, the two
databases in alternating order; the figure per page is the ratio of the medians,
1M / 1k, against a target of at most 1.5, rendered and served, with the same
number of queries at both sizes. Rate limits are lifted for the benchmark's client.

Each page is measured twice:

- rendered: with the page cache off (PAGE_CACHE_SECONDS=0), so every request
  runs every query, the exact news count of the API included;
- served: as configured for production, with the page cache in Redis (the
  database given by --redis, emptied before and after; each news database gets
  a key prefix of its own). This is what visitors get between two changes of
  the news.

--explain prints, for each page on the large database, its queries with their
times and the EXPLAIN (ANALYZE, BUFFERS) plan of the slowest one.
"""

import argparse
import copy
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _support  # noqa: E402

TARGET = 1.5
# Every public page and API list (ecosystem/pages/urls.py, ecosystem/api/), with
# the filters people use most, searches in English, German and Chinese included.
PAGES = [
    "/",
    "/brands/",
    "/brands/?category=smart-home",
    "/brands/xiaomi/",
    "/brands/xiaomi/?include=tied",
    "/brands/roborock/",
    "/categories/smartphones/",
    "/categories/smart-home/",
    "/news/",
    "/news/?brand=xiaomi",
    "/news/?category=robot-vacuums",
    "/news/?q=robot+vacuum",
    "/news/?q=Saugroboter",
    "/news/?q=%E6%89%AB%E5%9C%B0%E6%9C%BA%E5%99%A8%E4%BA%BA",  # 扫地机器人
    "/brands/xiaomi/feed/",
    "/categories/smartphones/feed/",
    "/api/brands/",
    "/api/brands/xiaomi/",
    "/api/news/",
    "/api/news/?brand=xiaomi",
    "/api/news/?brand=roborock",
    "/api/news/?category=smartphones",
    "/api/news/?category=robot-vacuums",
    "/api/news/?q=roborock",
    "/api/announcements/",
]
SIZES = {"1k": 1_000, "1M": 1_000_000}


class Databases:
    """One connection per database; `use(name)` makes it Django's default connection."""

    def __init__(self, urls: dict[str, str], redis: str):
        from django.db import connections

        self._connections = connections
        self._settings = None
        self.cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis}
        first = connections["default"]
        self.wrappers = {}
        for name, url in urls.items():
            settings = copy.deepcopy(first.settings_dict)
            settings["NAME"] = _support.database_name(url)
            self.wrappers[name] = first.__class__(settings, "default")
        self.items = {}
        for name in urls:
            self.use(name)
            from ecosystem.news.models import NewsItem

            self.items[name] = NewsItem.objects.count()

    def use(self, name: str, *, cache: bool = False) -> None:
        """Make `name` the default database, with the page cache on or off."""
        from django.test.utils import override_settings

        self._connections["default"] = self.wrappers[name]
        if self._settings is not None:
            self._settings.disable()
        caches = {"default": {**self.cache, "KEY_PREFIX": f"bench-{name}"}}
        seconds = 60 if cache else 0
        self._settings = override_settings(
            CACHES=caches,
            PAGE_CACHE_SECONDS=seconds,
            RATE_LIMIT_SEARCH="1000000/s",
            RATE_LIMIT_API="1000000/s",
        )
        self._settings.enable()

    def close(self) -> None:
        for wrapper in self.wrappers.values():
            wrapper.close()


def request(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"bench: {url} answered {response.status_code}")
    return elapsed


def queries_of(client, url: str) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def run(urls: dict[str, str], redis: str, rounds: int, per_round: int, show_plans: bool) -> None:
    from django.test import Client

    databases = Databases(urls, redis)
    client = Client()
    print(_support.machine())
    print(
        "news items: "
        + ", ".join(f"{name} database {count:,}" for name, count in databases.items.items())
    )
    print(
        f"{rounds} rounds × {per_round} requests per page and database after a warm-up, "
        "databases in alternating order\n"
    )
    names = list(urls)
    modes = ["rendered", "served"]
    for name in names:  # warm-up: connections, template and URL caches, the database's cache
        for mode in modes:
            databases.use(name, cache=mode == "served")
            for url in PAGES:
                for _ in range(5):
                    request(client, url)

    times = {(url, name, mode): [] for url in PAGES for name in names for mode in modes}
    for round_ in range(rounds):
        for url in PAGES:
            for mode in modes:
                for name in names if round_ % 2 == 0 else names[::-1]:
                    databases.use(name, cache=mode == "served")
                    times[url, name, mode].extend(request(client, url) for _ in range(per_round))

    counts, slowest = {}, {}
    for name in names:
        for mode in modes:
            databases.use(name, cache=mode == "served")
            for url in PAGES:
                if mode == "served":
                    client.get(url)  # cached again, should its copy have expired since the rounds
                captured = queries_of(client, url)
                counts[url, name, mode] = len(captured)
                if mode == "rendered":
                    slowest[url, name] = max(float(query["time"]) for query in captured)

    rows, missed = [], []
    small, large = names
    for url in PAGES:
        row = [f"`{url}`"]
        ratios = {}
        for mode in modes:
            a = _support.median(times[url, small, mode])
            b = _support.median(times[url, large, mode])
            ratios[mode] = b / a
            row += [f"{a * 1000:.1f} ms", f"{b * 1000:.1f} ms", f"{b / a:.2f}"]
            row.append(f"{counts[url, small, mode]} / {counts[url, large, mode]}")
        same = all(counts[url, small, mode] == counts[url, large, mode] for mode in modes)
        met = max(ratios.values()) <= TARGET and same
        if not met:
            missed.append(url)
        row.append(_support.verdict(met))
        rows.append(row)
    header = ["page"]
    for mode in modes:
        header += [f"{mode}, {small}", f"{mode}, {large}", f"{large} / {small}", "queries"]
    print(_support.table([*header, f"both ≤ {TARGET}, same queries"], rows))
    print(
        f"\n{len(PAGES) - len(missed)} of {len(PAGES)} pages meet the target rendered "
        "and served, with the same queries at both sizes."
    )
    for url in PAGES:
        a, b = slowest[url, small] * 1000, slowest[url, large] * 1000
        print(f"slowest query of {url}, rendered: {a:.1f} ms ({small}), {b:.1f} ms ({large})")

    if show_plans:
        databases.use(large, cache=False)
        for url in PAGES:
            captured = sorted(queries_of(client, url), key=lambda q: -float(q["time"]))
            if not captured:
                continue
            print(f"\n## {url} on the {large} database: {len(captured)} queries\n")
            for query in captured:
                print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:160]}")
            print(f"\nThe slowest, explained:\n\n{captured[0]['sql']}\n")
            print(explain(captured[0]["sql"]))
    databases.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", help="URL of a database filled with 1,000 demo items.")
    parser.add_argument("--large", help="URL of a database filled with 1,000,000 demo items.")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the databases it creates.")
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/5", help="Redis database for the page cache."
    )
    args = parser.parse_args()
    if bool(args.small) != bool(args.large):
        parser.error("give both --small and --large, or neither")
    created = []
    urls = {"1k": args.small, "1M": args.large}
    try:
        for label, url in urls.items():
            if url is None:
                name = f"bench_pages_{label.lower()}_{os.getpid()}"
                urls[label] = _support.create_database(name)
                created.append(name)
                print(f"filling {name} with {SIZES[label]:,} items …", file=sys.stderr)
                _support.fill_database(urls[label], SIZES[label])
        with _support.collected_static() as static_root:
            _support.setup_django(urls["1k"], static_root=static_root)
            _support.flush_redis(args.redis)
            try:
                run(urls, args.redis, args.rounds, args.per_round, args.explain)
            finally:
                _support.flush_redis(args.redis)
    finally:
        if not args.keep:
            for name in created:
                _support.drop_database(name)


if __name__ == "__main__":
    main()
