"""Redis (the Celery broker and the cache) goes away while the site runs, then comes back.

While it is away the pages and the API still answer, /healthz answers 503 naming the
broker, and an editor can still save an announcement in the admin. A source that falls
due meanwhile is fetched once Redis is back, by the same beat and worker, unrestarted.
"""

import json
import subprocess
import time

import pytest

from tests.faults.services import Feed, rss, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BEAT_SECONDS = 2

CREATE_SOURCE = """
from ecosystem.news.models import Source
Source.objects.create(name="{name}", url="{url}")
"""

# An editor, signed in, adds a published announcement in the admin; then an alias is
# added, whose signal enqueues a re-match after the commit (the broker is down).
EDITOR = """
import time
from django.contrib.auth import get_user_model
from django.test import Client
from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Alias, Brand

started = time.monotonic()
xiaomi = Brand.objects.get(slug="xiaomi")
editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "x")
client = Client()
client.force_login(editor)
assert client.get("/admin/announcements/announcement/add/").status_code == 200
response = client.post(
    "/admin/announcements/announcement/add/",
    {
        "title": "Saved while Redis was down",
        "slug": "saved-while-redis-was-down",
        "brands": [xiaomi.pk],
        "body": "Written during the **outage**.",
        "state": "published",
        "publish_at_0": "",
        "publish_at_1": "",
    },
)
assert response.status_code == 302, response.content.decode()[:3000]
announcement = Announcement.objects.get(slug="saved-while-redis-was-down")
assert announcement.is_public and list(announcement.brands.all()) == [xiaomi]
Alias.objects.create(brand=xiaomi, text="Xiaomi Outage Alias")
print(round(time.monotonic() - started, 1))
"""

PAGES = ["/", "/brands/", "/brands/xiaomi/", "/news/", "/api/brands/", "/api/news/"]


def test_the_site_keeps_serving_without_redis_and_catches_up_when_it_returns(
    children, feeds, fresh_redis, sql
):
    children.env["FAULTS_BEAT_SECONDS"] = str(BEAT_SECONDS)
    before = feeds.add("/before.xml", Feed(rss([("b1", "Xiaomi before the outage")])))
    during = feeds.add("/during.xml", Feed(rss([("d1", "Redmi during the outage")])))
    children.manage(code=CREATE_SOURCE.format(name="before", url=before))
    web = children.web()
    worker = children.worker("worker")
    beat = children.beat("beat")
    wait_for(lambda: feeds.count("/before.xml") == 1, timeout=30, message="the first fetch")

    fresh_redis.stop()
    try:
        for path in PAGES:
            page = web.get(path)
            assert page.status == 200, f"{path}: {page.status}\n{page.text[:500]}"
            assert page.seconds < 5, f"{path} took {page.seconds:.1f} s"
        health = web.get("/healthz")
        assert health.status == 503 and health.seconds < 10
        body = json.loads(health.text)
        assert body["failing"] == ["broker"] and body["database"] == {"ok": True}

        seconds = float(children.manage(code=EDITOR, timeout=60).split()[-1])
        assert seconds < 20, f"saving took {seconds} s without a broker"
        children.manage(code=CREATE_SOURCE.format(name="during", url=during))
        # Several ticks of beat pass: nothing can be enqueued, nothing crashes.
        time.sleep(3 * BEAT_SECONDS)
        assert feeds.count("/during.xml") == 0
        assert worker.alive() and beat.alive() and web.child.alive()
    finally:
        fresh_redis.start()

    wait_for(
        lambda: sql("SELECT last_status FROM news_source WHERE name = 'during'") == [("ok",)],
        timeout=60,
        interval=0.5,
        message="the source that fell due during the outage to be fetched",
    )
    assert feeds.count("/during.xml") == 1
    assert feeds.count("/before.xml") == 1  # not due again for 15 minutes
    assert web.get("/healthz").status == 200
    assert "Saved while Redis was down" in web.get("/brands/xiaomi/").text
    slugs = [a["slug"] for a in json.loads(web.get("/api/announcements/").text)["results"]]
    assert "saved-while-redis-was-down" in slugs


def test_a_hung_redis_fails_fast_instead_of_hanging_requests(children, fresh_redis):
    """Redis stopped with SIGSTOP: connections are accepted, nothing is ever answered.

    Without socket timeouts every request that talks to the broker waits forever and holds
    its gunicorn worker: /healthz (fixed in health.py), and an editor's save that enqueues
    a task after the commit (the alias signal's re-match), which needs
    CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"] in settings.py.
    """
    web = children.web()
    assert web.get("/healthz").status == 200
    fresh_redis.pause()
    try:
        for path in PAGES:
            page = web.get(path)
            assert page.status == 200 and page.seconds < 5, f"{path}: {page.status}"
        health = web.get("/healthz", timeout=30)
        assert health.status == 503 and json.loads(health.text)["failing"] == ["broker"]
        assert health.seconds < 10, f"/healthz took {health.seconds:.1f} s"
        try:
            seconds = float(children.manage(code=EDITOR, timeout=30).split()[-1])
        except subprocess.TimeoutExpired:
            seconds = None
        assert seconds is not None, "saving an alias hung on the hung broker (no socket_timeout)"
        assert seconds < 20, f"saving took {seconds} s with a hung broker"
    finally:
        fresh_redis.resume()
    assert web.get("/healthz").status == 200
