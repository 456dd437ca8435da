"""Two Celery workers and two beat schedulers at once, as after a botched deployment.

Both beats enqueue `enqueue_due_sources` on every tick and both workers run them, so
every due source is contested. take_due and claim must still make each source fetched
once per interval (counted at the feed server) and each item stored once.
"""

import time

import pytest

from tests.faults.services import Feed, rss, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BEAT_SECONDS = 1
SOURCES = 8
ITEMS = 100
SHARED_ITEMS = 1_500

CREATE_SOURCES = """
from ecosystem.news.models import Source
for name, url in {sources!r}:
    Source.objects.create(name=name, url=url)
"""


def shared_feed(feed_name: str) -> bytes:
    """The same articles (same links) under this feed's own guids, as syndication does."""
    items = "".join(
        f"<item><title>Roborock story {n}</title><guid>{feed_name}-{n}</guid>"
        f"<link>https://shared.example/story/{n}?utm_source={feed_name}</link></item>"
        for n in range(SHARED_ITEMS)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{feed_name}</title>'
        f"{items}</channel></rss>"
    ).encode()


def test_two_workers_and_two_beats_fetch_each_source_once_and_store_each_item_once(
    children, feeds, sql
):
    children.env["FAULTS_BEAT_SECONDS"] = str(BEAT_SECONDS)
    sources = []
    # Two feeds carrying the same articles, named to be taken (and fetched) together.
    for name in ("a-shared-1", "a-shared-2"):
        sources.append((name, feeds.add(f"/{name}.xml", Feed(shared_feed(name), delay=0.5))))
    for n in range(SOURCES):
        body = rss([(f"s{n}-{i}", f"Xiaomi item {i} of feed {n}") for i in range(ITEMS)])
        sources.append((f"feed-{n}", feeds.add(f"/feed-{n}.xml", Feed(body, delay=0.5))))
    children.manage(code=CREATE_SOURCES.format(sources=sources))

    for name in ("worker-1", "worker-2"):
        children.worker(name, concurrency=2)
    for name in ("beat-1", "beat-2"):
        children.beat(name)

    wait_for(
        lambda: (
            sql("SELECT count(*) FROM news_source WHERE last_status = 'ok'")[0][0] == len(sources)
        ),
        timeout=60,
        interval=0.5,
        message="every source to be fetched",
    )
    time.sleep(8 * BEAT_SECONDS)  # more contested ticks, none of which may fetch again

    fetched = dict(feeds.requests)
    assert fetched == {f"/{name}.xml": 1 for name, _ in sources}
    per_source = sql(
        "SELECT count(*), count(DISTINCT (source_id, guid)) FROM news_newsitem"
        " WHERE canonical_url NOT LIKE 'https://shared.example/%%'"
    )
    assert per_source == [(SOURCES * ITEMS, SOURCES * ITEMS)]
    # The same article through two feeds is stored once (store.py's promise).
    shared = sql(
        "SELECT count(*), count(DISTINCT canonical_url) FROM news_newsitem"
        " WHERE canonical_url LIKE 'https://shared.example/%%'"
    )
    assert shared == [(SHARED_ITEMS, SHARED_ITEMS)], (
        "the same articles, fetched through two feeds at once, were stored twice: "
        "store_entries looks for stored links, then inserts, and nothing serialises two stores"
    )
    assert sql("SELECT count(*) FROM news_source WHERE leased_until IS NOT NULL") == [(0,)]
