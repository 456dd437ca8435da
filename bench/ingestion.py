"""The whole ingestion pipeline against feedparser's parse alone, on one 10,000-item feed.

    .venv/bin/python bench/ingestion.py [--items 10000] [--rounds 5] [--redis URL]

It creates a scratch PostgreSQL database (bench_ingestion_<pid>, dropped at the
end), migrates it, takes Redis database 5 as the cache as production does (the
store invalidates cached pages there; emptied before and after), writes an RSS
feed of synthetic items (the titles and summaries of generate_demo_news:
English, German, Chinese, naming the brands) and serves it from a local HTTP
server on loopback. Each round then times, in alternating order:

- the pipeline: `ecosystem.news.ingestion.pipeline.ingest(source)` for a new Source on that
  server, i.e. fetch over HTTP, parse, clean, and store with matching,
  categories and stories, into an empty news table (the previous round's items
  are deleted first, untimed, so every round really inserts every item);
- `feedparser.parse(body)` on the same bytes.

The figure is the ratio of the medians, pipeline / feedparser; the target is at
most 0.5. fastfeedparser's date caches are emptied before each pipeline run, as
in bench/parsers.py, so it is not timed on dates it has already seen.
"""

import argparse
import contextlib
import datetime
import os
import sys
import time
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _support  # noqa: E402

TARGET = 0.5


def build_feed(items: int) -> bytes:
    """An RSS 2.0 document with `items` synthetic items, newest first."""
    from django.db import transaction
    from django.utils import timezone

    from ecosystem.news.demo import generator, planner, writers
    from ecosystem.news.demo.vocabulary import DEMO_URL_PREFIX

    end = datetime.datetime.combine(timezone.now().date(), datetime.time(), datetime.UTC)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Benchmark feed</title><link>https://bench.invalid/</link>"
        "<description>Synthetic news about the Xiaomi ecosystem</description>"
    ]
    with transaction.atomic():
        plan = planner.plan(writers.demo_sources())
        rows = [row for row, _, _ in generator.generate(plan, 42, items, 1, end)]
        transaction.set_rollback(True)  # the demo sources were only needed for the plan
    for _, _, guid, url, title, summary, _, published, _, _ in reversed(rows):
        link = url.replace(DEMO_URL_PREFIX, "https://bench.invalid/")
        parts.append(
            f"<item><title>{escape(title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{guid}</guid>'
            f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>"
            f"<description>{escape(summary)}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def clear_date_caches() -> None:
    import fastfeedparser.main

    for name in ("_parse_date", "_slow_dateutil_parse", "_slow_dateparser"):
        cache = getattr(fastfeedparser.main, name, None)
        if hasattr(cache, "cache_clear"):
            cache.cache_clear()


MATCHING = "store: matching brands and category keywords (while the items stream)"
# Part of clean: shown on its own line, not counted twice.
LANGUAGE = "(of which: each item's language)"


class Stages:
    """Wall time per stage of one pipeline run, by wrapping the functions it calls."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._undo = []

    def add(self, key: str, seconds: float) -> None:
        self.seconds[key] = self.seconds.get(key, 0.0) + seconds

    def wrap(self, owner, name: str, label: str):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(label, time.perf_counter() - start)

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def wrap_copy(self):
        """Each COPY block, less the matching done while it streamed."""
        from ecosystem.news.ingestion import pgcopy

        original = pgcopy.copy_into

        @contextlib.contextmanager
        def timed(cursor, model, fields):
            start, matched = time.perf_counter(), self.seconds.get(MATCHING, 0.0)
            with original(cursor, model, fields) as copy:
                yield copy
            matching = self.seconds.get(MATCHING, 0.0) - matched
            self.add(f"store: COPY {model._meta.db_table}", time.perf_counter() - start - matching)

        pgcopy.copy_into = timed
        self._undo.append((pgcopy, "copy_into", original))

    def __enter__(self):
        from django.db.backends.base.base import BaseDatabaseWrapper

        from ecosystem.news.ingestion import pipeline as ingest
        from ecosystem.news.ingestion import store
        from ecosystem.news.matching.matcher import Matcher

        self.wrap(ingest, "fetch", "fetch (HTTP, loopback)")
        self.wrap(ingest, "parse_feed", "parse (fastfeedparser + guards)")
        from ecosystem.news.ingestion import clean

        self.wrap(ingest, "clean_entry", "clean (nh3, links, dates, language)")
        self.wrap(clean, "item_language", LANGUAGE)
        self.wrap(ingest, "store_entries", "store: total")
        self.wrap(store, "_stored", "store: lookups of stored guids and links")
        self.wrap(Matcher, "find", MATCHING)
        self.wrap_copy()
        self.wrap(store, "assign_stories", "store: stories")
        # The store's transaction is the only one committed explicitly in ingest().
        self.wrap(BaseDatabaseWrapper, "commit", "store: commit (deferred foreign-key checks)")
        return self

    def __exit__(self, *exc):
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)

    def rows(self, total: float) -> list[list[str]]:
        seconds = dict(self.seconds)
        # The parts of store are disjoint from each other.
        parts = [key for key in seconds if key.startswith("store: ") and "total" not in key]
        inner = sum(seconds[key] for key in parts)
        seconds["store: the rest (advisory lock, ids, report, cache invalidation)"] = (
            seconds.get("store: total", 0.0) - inner
        )
        del seconds["store: total"]
        seconds["ingest: the rest (schedule, Matcher/Categoriser from the database)"] = total - sum(
            v for k, v in seconds.items() if not k.startswith(("ingest:", "("))
        )
        return [[name, f"{value:.2f} s", f"{value / total:.0%}"] for name, value in seconds.items()]


def run(items: int, rounds: int) -> None:
    import feedparser
    from django.core.management import call_command

    from ecosystem.news.ingestion.pipeline import ingest
    from ecosystem.news.models import NewsItem, Source

    call_command("migrate", verbosity=0)
    body = build_feed(items)
    server = _support.serve_feeds(lambda path: body)
    port = server.server_address[1]
    print(f"{_support.machine()}")
    print(f"feed: {items:,} items, {len(body) / 1e6:.1f} MB, served on 127.0.0.1:{port}")
    print(f"{rounds} timed rounds after one warm-up, order alternating\n")

    def pipeline(round_: int, around=None) -> float:
        NewsItem.objects.all().delete()  # untimed: every round inserts every item
        Source.objects.all().delete()
        source = Source.objects.create(
            name=f"Benchmark {round_}", url=f"http://127.0.0.1:{port}/feed/{round_}.xml"
        )
        clear_date_caches()
        with around or contextlib.nullcontext():
            start = time.perf_counter()
            result = ingest(source)
            elapsed = time.perf_counter() - start
        if not result.ok or result.report.new != items:
            raise SystemExit(f"bench: the pipeline stored {result.report} ({result.error})")
        return elapsed

    def parse_alone(_round: int) -> float:
        start = time.perf_counter()
        parsed = feedparser.parse(body)
        elapsed = time.perf_counter() - start
        if len(parsed.entries) != items:
            raise SystemExit(f"bench: feedparser found {len(parsed.entries)} entries")
        return elapsed

    candidates = [("feedparser.parse(body) alone", parse_alone), ("ingest(): pipeline", pipeline)]
    times: dict[str, list[float]] = {name: [] for name, _ in candidates}
    try:
        for round_ in range(rounds + 1):
            order = candidates if round_ % 2 else candidates[::-1]
            for name, measure in order:
                elapsed = measure(round_)
                if round_:  # round 0 warms up
                    times[name].append(elapsed)
            if round_:
                print(
                    f"round {round_}: "
                    + ", ".join(f"{name} {times[name][-1]:.2f} s" for name, _ in candidates),
                    file=sys.stderr,
                )
        mentions = NewsItem.mentions.rel.related_model.objects.count()
        stages = Stages()  # one more, untimed run: where the pipeline's time goes
        total = pipeline(rounds + 1, stages)
    finally:
        server.shutdown()

    reference = _support.median(times[candidates[0][0]])
    rows = []
    for name, _ in candidates:
        middle = _support.median(times[name])
        rows.append(
            [
                name,
                f"{middle:.2f} s",
                f"{min(times[name]):.2f}–{max(times[name]):.2f} s",
                f"{items / middle:,.0f}",
                f"{middle / reference:.2f}",
            ]
        )
    print(_support.table(["", "median", "range", "items/s", "× feedparser"], rows))
    ratio = _support.median(times[candidates[1][0]]) / reference
    print(
        f"\npipeline / feedparser = {ratio:.2f} (target ≤ {TARGET}): "
        f"{_support.verdict(ratio <= TARGET)}; last round stored {items:,} items, "
        f"{mentions:,} mentions"
    )
    print(f"\nWhere the pipeline's time goes (one more run, {total:.2f} s):\n")
    print(_support.table(["stage", "time", "share"], stages.rows(total)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/5",
        help="The cache, as in production: the store invalidates cached pages there.",
    )
    args = parser.parse_args()
    name = f"bench_ingestion_{os.getpid()}"
    with _support.scratch_database(name, keep=args.keep) as url:
        _support.setup_django(url, FEEDS_ALLOW_PRIVATE_NETWORKS="true", REDIS_URL=args.redis)
        _support.flush_redis(args.redis)
        try:
            run(args.items, args.rounds)
        finally:
            from django.db import connections

            connections.close_all()  # so that the database can be dropped
            _support.flush_redis(args.redis)


if __name__ == "__main__":
    main()
