"""The outbox under faults: no job that must happen is lost or run twice.

- Redis stopped: an editor's alias edits, a feed store with new items of an official
  channel (which a visitor follows by mail, instantly) and a scheduled announcement
  leave their jobs in the outbox, and the admin answers; once Redis is back the same
  worker and beat run each job exactly once, and the follower gets one mail.
- A worker killed with SIGKILL in the middle of a job: the job's effect is rolled back
  and, once its lease has run out, another worker runs it again, once.
- Two workers and two beats, every job handed over several times: each runs once.
"""

import datetime
import json
import re
import time
from email.utils import format_datetime

import pytest

from tests.faults.services import Feed, rss, tail, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BEAT_SECONDS = 2


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


OFFICIAL_ITEMS = 3

CREATE_OFFICIAL_SOURCE = """
from ecosystem.brands.models import Brand
from ecosystem.news.models import Source
# Its items are titles only, teasers: no article pages to read here (full text is off).
Source.objects.create(
    name="official", url="{url}", official_for=Brand.objects.get(slug="xiaomi"), full_text="off"
)
"""

# While Redis is down: an editor schedules an announcement in the admin and edits aliases
# three times (three transactions); a worker stores an official feed's new items; the
# admin's list of jobs still answers. Prints how long the whole took.
DURING_OUTAGE = """
import datetime, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from ecosystem.brands.models import Alias, Brand
from ecosystem.follows.models import Follow, Subscriber
from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import Source

started = time.monotonic()
xiaomi = Brand.objects.get(slug="xiaomi")
editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "x")
client = Client()
client.force_login(editor)
at = timezone.now() + datetime.timedelta(seconds=5)
response = client.post(
    "/admin/announcements/announcement/add/",
    {
        "title": "Scheduled while Redis was down",
        "slug": "scheduled-while-redis-was-down",
        "brands": [xiaomi.pk],
        "body": "Goes public by itself.",
        "state": "scheduled",
        "publish_at_0": at.strftime("%Y-%m-%d"),
        "publish_at_1": at.strftime("%H:%M:%S"),
    },
)
assert response.status_code == 302, response.content.decode()[:3000]
Follow.objects.create(
    subscriber=Subscriber.objects.create(email="fan@example.org", language="en"),
    brand=xiaomi,
    frequency="instant",
    confirmed_at=timezone.now(),
)
Alias.objects.create(brand=xiaomi, text="Outage Gadget")
Alias.objects.create(brand=xiaomi, text="Outage Gadget Pro")
Alias.objects.filter(text="Outage Gadget Pro").delete()
result = ingest(Source.objects.get(name="official"))
assert result.ok and result.report.new == ITEMS, result.error
jobs = client.get("/admin/core/job/")
assert jobs.status_code == 200 and "4 background jobs" in jobs.content.decode()
print(round(time.monotonic() - started, 1))
"""

# An item that names the alias the editor added: the re-match must attach it to Xiaomi.
OLD_ITEM = """
from django.utils import timezone
from ecosystem.news.models import NewsItem, Source
NewsItem.objects.create(
    published_at=timezone.now(),
    source=Source.objects.create(name="plain", url="https://plain.example/feed"),
    guid="old", url="https://plain.example/old", title="The Outage Gadget ships",
)
"""

JOBS = "SELECT kind, state, attempts FROM core_job ORDER BY kind"


def test_jobs_written_while_redis_is_down_run_once_when_it_returns(
    children, feeds, fresh_redis, sql, mail_server, settings
):
    children.env.update(
        FAULTS_BEAT_SECONDS=str(BEAT_SECONDS),
        REMATCH_DELAY_SECONDS="2",
        EMAIL_URL=f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
    )
    # Published now, so that it is news to the follower.
    items = [(f"o{n}", f"Xiaomi official news {n}") for n in range(OFFICIAL_ITEMS)]
    official = feeds.add("/official.xml", Feed(rss(items, published=format_datetime(utcnow()))))
    children.manage(code=CREATE_OFFICIAL_SOURCE.format(url=official))
    children.manage(code=OLD_ITEM)
    web = children.web()
    worker = children.worker("worker")
    beat = children.beat("beat")

    fresh_redis.stop()
    try:
        seconds = float(
            children.manage(code=f"ITEMS = {OFFICIAL_ITEMS}\n" + DURING_OUTAGE, timeout=90).split()[
                -1
            ]
        )
        assert seconds < 30, f"the changes took {seconds} s without a broker"
        # The re-match is one job for three edits; nothing reached Celery.
        assert sql(JOBS) == [
            ("announcements.official", "pending", 0),
            ("announcements.publish", "pending", 0),
            ("follows.instant", "pending", 0),
            ("news.rematch", "pending", 0),
        ]
        assert sql("SELECT count(*) FROM core_job WHERE handed_at IS NOT NULL") == [(0,)]
        time.sleep(4 * BEAT_SECONDS)  # the jobs fall due; beat ticks and cannot send
        assert sql(JOBS)[1] == ("announcements.publish", "pending", 0)
        assert worker.alive() and beat.alive() and web.child.alive()
    finally:
        fresh_redis.start()
    back = time.monotonic()

    wait_for(
        lambda: [state for _, state, _ in sql(JOBS)] == ["done"] * 4,
        timeout=120,
        interval=0.5,
        message="every job of the outage to be done",
    )
    print(f"caught up {time.monotonic() - back:.1f} s after Redis returned")
    assert [attempts for _, _, attempts in sql(JOBS)] == [1, 1, 1, 1]
    [alert] = mail_server.wait_for(1)
    assert alert["To"] == "fan@example.org"
    assert alert["Subject"] == f"New: Xiaomi ({OFFICIAL_ITEMS})"
    assert sql(
        "SELECT count(*), count(DISTINCT news_item_id) FROM announcements_announcement"
        " WHERE news_item_id IS NOT NULL"
    ) == [(OFFICIAL_ITEMS, OFFICIAL_ITEMS)]
    assert sql(
        "SELECT state FROM announcements_announcement WHERE slug = 'scheduled-while-redis-was-down'"
    ) == [("published",)]
    assert sql(
        "SELECT count(*) FROM announcements_historicalannouncement"
        " WHERE history_change_reason = 'published on schedule'"
    ) == [(1,)]
    assert sql(
        "SELECT b.slug FROM news_mention m JOIN brands_brand b ON b.id = m.brand_id"
        " JOIN news_newsitem i ON i.id = m.news_item_id WHERE i.guid = 'old'"
    ) == [("xiaomi",)]
    health = web.get("/healthz")
    assert health.status == 200
    assert json.loads(health.text)["outbox"] == {"ok": True, "due": 0, "oldest_due_seconds": 0}
    assert "Scheduled while Redis was down" in web.get("/brands/xiaomi/").text


# --- a worker killed in the middle of a job ------------------------------------------------

# The job must outlast the moment of the kill, and its second run must end within the
# time limit even on a busy machine (announcing 200 items takes a few seconds).
TIME_LIMIT = 30
LEASE = TIME_LIMIT + 2
KILLED_ITEMS = 200

STORE_OFFICIAL = """
from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import Source
print(ingest(Source.objects.get(name="official")).report)
"""

# A backend of a worker inside a transaction of more than one statement: the announcing
# job's atomic block (claiming is a single statement).
IN_JOB_TRANSACTION = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
  AND (state = 'idle in transaction' OR xact_start < query_start)
"""
FROM_FEED = "SELECT count(*), count(DISTINCT news_item_id) FROM announcements_announcement"
# The store writes the instant alerts' job too; this test watches the announcing one.
OFFICIAL_JOB = "SELECT {} FROM core_job WHERE kind = 'announcements.official'"


def test_a_job_whose_worker_is_killed_is_run_again_once(children, feeds, sql):
    children.env.update(
        CELERY_TASK_TIME_LIMIT=str(TIME_LIMIT),
        CELERY_TASK_SOFT_TIME_LIMIT=str(TIME_LIMIT - 2),
        OUTBOX_LEASE_SECONDS=str(LEASE),
        OUTBOX_HANDOVER_SECONDS="2",
        FAULTS_BEAT_SECONDS="1",
    )
    official = feeds.add(
        "/official.xml",
        Feed(rss([(f"k{n}", f"Xiaomi official news {n}") for n in range(KILLED_ITEMS)])),
    )
    children.manage(code=CREATE_OFFICIAL_SOURCE.format(url=official))
    first = children.worker("first")
    children.manage(code=STORE_OFFICIAL)  # writes the job and hands it to the worker

    wait_for(
        lambda: sql(OFFICIAL_JOB.format("attempts")) == [(1,)] and sql(IN_JOB_TRANSACTION)[0][0],
        timeout=60,
        interval=0.05,
        message="the worker to be in the middle of announcing",
    )
    claimed = time.monotonic()
    time.sleep(0.5)
    first.kill()
    assert sql(OFFICIAL_JOB.format("state, attempts")) == [("pending", 1)]
    assert sql(FROM_FEED + " WHERE news_item_id IS NOT NULL") == [(0, 0)], "rolled back"

    second = children.worker("second")
    children.beat("beat")
    try:
        wait_for(
            lambda: sql(OFFICIAL_JOB.format("state")) == [("done",)],
            timeout=LEASE + 60,
            interval=0.5,
            message="the job to be run again",
        )
    except AssertionError as exc:
        job = sql(OFFICIAL_JOB.format("state, attempts, due_at, claimed_until, last_error"))
        raise AssertionError(f"{exc}\njob: {job}\n{tail(second.log)}") from None
    print(f"done again {time.monotonic() - claimed:.1f} s after the first claim (lease {LEASE} s)")
    assert time.monotonic() - claimed > LEASE - 1, "claimed again before the lease ran out"
    assert sql(OFFICIAL_JOB.format("state, attempts")) == [("done", 2)]
    assert sql(FROM_FEED + " WHERE news_item_id IS NOT NULL") == [(KILLED_ITEMS, KILLED_ITEMS)]


# --- two workers and two beats --------------------------------------------------------------

SCHEDULED = 30

SCHEDULE = """
import datetime
from django.utils import timezone
from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand
xiaomi = Brand.objects.get(slug="xiaomi")
at = timezone.now() + datetime.timedelta(seconds=4)
for n in range({count}):
    announcement = Announcement.objects.create(
        slug=f"contested-{{n}}", title=f"Contested {{n}}", body="x", state="scheduled",
        publish_at=at,
    )
    announcement.brands.add(xiaomi)
# Two more messages per job, arriving as they fall due, as a redelivery and a second
# beat's sweep would send them: the workers must contest every job.
from ecosystem.core import outbox
from ecosystem.core.models import Job
ids = list(Job.objects.filter(kind="announcements.publish").values_list("pk", flat=True))
for _ in range(2):
    outbox.hand_over(ids, countdown=(at - timezone.now()).total_seconds())
"""


RUN_JOB = re.compile(r"run_job\[[^\]]+\] succeeded in [\d.]+s: '([\w ]+)'")


def outcomes(*workers) -> dict[str, int]:
    """How each run_job task ended, over the workers' logs ("done", "skipped", ...)."""
    found: dict[str, int] = {}
    for worker in workers:
        for outcome in RUN_JOB.findall(worker.output()):
            found[outcome] = found.get(outcome, 0) + 1
    return found


def test_two_workers_and_two_beats_run_each_job_once(children, sql):
    children.env.update(FAULTS_BEAT_SECONDS="1", OUTBOX_HANDOVER_SECONDS="1")
    workers = [children.worker(name, concurrency=2) for name in ("worker-1", "worker-2")]
    for name in ("beat-1", "beat-2"):
        children.beat(name)
    children.manage(code=SCHEDULE.format(count=SCHEDULED))
    wait_for(
        lambda: sql("SELECT count(*) FROM core_job WHERE state = 'done'") == [(SCHEDULED,)],
        timeout=60,
        interval=0.5,
        message="every announcement to be published",
    )
    time.sleep(3)  # more contested sweeps and messages, none of which may run a job again

    assert sql("SELECT count(*), min(attempts), max(attempts) FROM core_job") == [(SCHEDULED, 1, 1)]
    ran = outcomes(*workers)
    assert ran["done"] == SCHEDULED, ran
    assert ran.get("skipped", 0) > 0, f"no job was handed over twice, nothing contested: {ran}"
    assert sql(
        "SELECT count(*) FROM announcements_historicalannouncement"
        " WHERE history_change_reason = 'published on schedule'"
    ) == [(SCHEDULED,)]
