"""A Celery worker killed with SIGKILL in the middle of ingesting: nothing is lost or doubled.

The worker (main process and pool) dies while one feed is half downloaded and another is
half written to the database. The tasks were never acknowledged (acks_late), so Redis
hands them out again once the visibility timeout has passed; the sources' leases, held
by the dead worker, have run out by then; a new worker fetches both feeds again and
stores every item exactly once.

Timing: schedule.LEASE is CELERY_TASK_TIME_LIMIT + 30 s. The children run with a 20 s
time limit (so a 50 s lease) and a visibility timeout a little longer than the lease, so
that the task comes back once, when the lease has passed. kombu looks for unacknowledged
messages when a worker starts (and then only every 100 s), so the new worker is started
after the visibility timeout.
"""

import time

import pytest

from tests.faults.services import Feed, rss, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

TIME_LIMIT = 20
LEASE = TIME_LIMIT + 30  # ecosystem.news.ingestion.schedule.LEASE in the children
VISIBILITY_TIMEOUT = LEASE + 3
BIG_ITEMS = 10_000
SLOW_ITEMS = 2_000

ENQUEUE = """
from ecosystem.news.models import Source
from ecosystem.news.tasks import enqueue_due_sources
Source.objects.create(name="big", url="{big}")
Source.objects.create(name="slow", url="{slow}")
print(enqueue_due_sources())
"""

# A backend inside a transaction of more than one statement: store_entries' atomic block
# (the only one on the way; claiming, releasing and scheduling are single statements).
IN_STORE_TRANSACTION = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
  AND (state = 'idle in transaction' OR xact_start < query_start)
"""


def items_of(sql, name):
    return sql(
        "SELECT count(*), count(DISTINCT i.guid), count(DISTINCT i.canonical_url)"
        " FROM news_newsitem i JOIN news_source s ON s.id = i.source_id WHERE s.name = %s",
        name,
    )[0]


def test_a_worker_killed_mid_fetch_and_mid_store_is_replaced_without_loss(children, feeds, sql):
    children.env.update(
        CELERY_TASK_TIME_LIMIT=str(TIME_LIMIT),
        CELERY_TASK_SOFT_TIME_LIMIT=str(TIME_LIMIT - 2),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        FEEDS_TOTAL_TIMEOUT="15",
    )
    big = feeds.add(
        "/big.xml", Feed(rss([(f"big-{n}", f"Xiaomi news {n}") for n in range(BIG_ITEMS)]))
    )
    slow_body = rss([(f"slow-{n}", f"Redmi news {n}") for n in range(SLOW_ITEMS)])
    slow_feed = Feed(slow_body, stall_at=len(slow_body) // 2)
    slow = feeds.add("/slow.xml", slow_feed)

    first = children.worker("first", concurrency=2)
    children.manage(code=ENQUEUE.format(big=big, slow=slow))
    delivered = time.monotonic()

    # Kill when one download is stalled half-way and the other feed is being written.
    wait_for(slow_feed.stalled.is_set, timeout=30, message="the slow feed to be half sent")
    wait_for(
        lambda: sql(IN_STORE_TRANSACTION)[0][0] > 0,
        timeout=60,
        interval=0.05,
        message="the big feed's items to be written",
    )
    first.kill()
    slow_feed.release.set()
    killed = time.monotonic()
    assert items_of(sql, "big")[0] == 0, "the kill should land before the store committed"
    assert items_of(sql, "slow")[0] == 0
    assert sql("SELECT count(*) FROM news_source WHERE leased_until > now()")[0][0] == 2

    time.sleep(max(0.0, delivered + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    children.worker("second", concurrency=2)
    wait_for(
        lambda: sql("SELECT count(*) FROM news_source WHERE last_status = 'ok'")[0][0] == 2,
        timeout=90,
        interval=0.5,
        message="both sources to be fetched again",
    )
    print(f"killed after {killed - delivered:.1f} s, back {time.monotonic() - killed:.1f} s later")

    assert items_of(sql, "big") == (BIG_ITEMS, BIG_ITEMS, BIG_ITEMS)
    assert items_of(sql, "slow") == (SLOW_ITEMS, SLOW_ITEMS, SLOW_ITEMS)
    assert feeds.count("/big.xml") == 2 and feeds.count("/slow.xml") == 2
    assert sql("SELECT count(*) FROM news_source WHERE leased_until IS NOT NULL")[0][0] == 0
