"""A real Celery worker takes the scheduled fetch and the items land in the database.

On the embedded defaults the broker is kombu's file-based one; in CI's second
pass it is the real Redis.
"""

import datetime
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from celery.exceptions import Retry
from django.utils import timezone

from ecosystem.celery import app
from ecosystem.news.models import NewsItem, Source
from ecosystem.news.tasks import enqueue_due_sources, fetch_source
from tests.factories import SourceFactory
from tests.support import wait_for

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>Roborock opens a lab</title><guid>1</guid></item>"
    "<item><title>小米发布新手机</title><guid>2</guid></item>"
    "</channel></rss>"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduled_fetch_lands_in_the_database(feed_server, ecosystem_data):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        enqueue_due_sources.delay()
        assert wait_for(lambda: NewsItem.objects.filter(source=source).count() == 2)
    source.refresh_from_db()
    assert source.last_status == Source.Status.OK and source.leased_until is None
    brands = set(NewsItem.objects.values_list("mentions__brand__slug", flat=True))
    assert brands == {"roborock", "xiaomi"}


@pytest.mark.django_db
def test_a_fetch_delivered_twice_fetches_once_but_fetch_now_always_fetches(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    queued_at = timezone.now().isoformat()
    for _ in range(2):  # the broker delivers the scheduled task a second time
        fetch_source.apply(kwargs={"source_id": source.pk, "queued_at": queued_at}).get()
    assert len(feed_server.log) == 1
    source.refresh_from_db()
    assert source.leased_until is None  # the duplicate let go of its lease

    fetch_source.apply(kwargs={"source_id": source.pk}).get()  # an editor's "fetch now"
    assert len(feed_server.log) == 2


@pytest.mark.django_db
def test_a_fetch_of_a_source_another_worker_holds_is_retried_when_the_lease_runs_out(
    feed_server,
):
    source = SourceFactory(
        url=feed_server.url_for("/feed.xml"),
        leased_until=timezone.now() + datetime.timedelta(minutes=5),
    )
    with mock.patch.object(fetch_source, "retry", side_effect=Retry()) as retry:
        fetch_source.apply(kwargs={"source_id": source.pk})
    assert 290 <= retry.call_args.kwargs["countdown"] <= 302
    assert feed_server.log == []
