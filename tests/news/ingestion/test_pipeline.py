"""The whole pipeline against a real HTTP server: fetch, parse, clean, store, schedule."""

import datetime
import gc

import pytest
from django.utils import timezone

from ecosystem.news.ingestion import pipeline
from ecosystem.news.ingestion.pipeline import ingest, ingest_bytes
from ecosystem.news.models import NewsItem, Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def rss(*items):
    body = "".join(
        f"<item><title>{title}</title><link>https://example.com/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>Mon, 02 Mar 2026 10:{n:02d}:00 +0000</pubDate></item>"
        for n, (guid, title) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test feed</title><link>https://example.com/</link>{body}</channel></rss>"
    )


def source_for(server, path="/feed.xml", **fields):
    return SourceFactory(url=server.url_for(path), **fields)


def test_a_feed_lands_in_the_database(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(
        rss(("a", "Roborock ships S9"), ("b", "Yeelight adds Matter")),
        content_type="application/rss+xml",
    )
    source = source_for(feed_server)
    result = ingest(source)
    assert result.ok and str(result.report) == "2 new, 0 updated, 0 unchanged"
    assert set(NewsItem.objects.values_list("title", flat=True)) == {
        "Roborock ships S9",
        "Yeelight adds Matter",
    }
    source.refresh_from_db()
    assert source.last_status == Source.Status.OK
    assert source.next_fetch_at > timezone.now()


def test_a_304_costs_nothing(feed_server):
    feed_server.expect_ordered_request("/feed.xml").respond_with_data(
        rss(("a", "Roborock ships S9")), headers={"ETag": '"v1"'}
    )
    feed_server.expect_ordered_request(
        "/feed.xml", headers={"If-None-Match": '"v1"'}
    ).respond_with_data("", status=304)
    source = source_for(feed_server)
    ingest(source)
    result = ingest(source)
    assert result.ok and result.not_modified
    source.refresh_from_db()
    assert source.last_status == Source.Status.NOT_MODIFIED and source.etag == '"v1"'


def test_a_failure_is_recorded_on_the_source_with_a_back_off(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data("nope", status=500)
    source = source_for(feed_server, min_interval=datetime.timedelta(minutes=10))
    result = ingest(source)
    assert not result.ok
    source.refresh_from_db()
    assert source.last_status == Source.Status.FAILED
    assert "500" in source.last_error and "\n" not in source.last_error
    assert source.consecutive_failures == 1
    assert source.next_fetch_at >= timezone.now() + datetime.timedelta(minutes=19)


def test_a_source_is_paused_after_repeated_failures(feed_server, settings):
    settings.FEEDS_PAUSE_AFTER_FAILURES = 3
    feed_server.expect_request("/feed.xml").respond_with_data("<html>no</html>")
    source = source_for(feed_server)
    for _ in range(3):
        ingest(source)
    source.refresh_from_db()
    assert source.paused_at is not None and source.consecutive_failures == 3


def test_a_bad_feed_does_not_touch_another_sources_items(feed_server):
    feed_server.expect_request("/good.xml").respond_with_data(rss(("a", "Dreame news")))
    feed_server.expect_request("/bad.xml").respond_with_data("<html><body>Moved</body></html>")
    good, bad = source_for(feed_server, "/good.xml"), source_for(feed_server, "/bad.xml")
    ingest(good)
    assert not ingest(bad).ok
    assert NewsItem.objects.filter(source=good).count() == 1


def test_429_slows_the_source_down_as_the_server_asks(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    source = source_for(feed_server)
    ingest(source)
    source.refresh_from_db()
    assert source.next_fetch_at >= timezone.now() + datetime.timedelta(minutes=59)


def test_a_private_address_is_refused_by_default(feed_server, settings):
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = False
    source = source_for(feed_server)
    result = ingest(source)
    assert not result.ok and "not a public address" in result.error
    assert feed_server.log == []


def test_the_cycle_collector_waits_for_the_store_and_then_runs_again(monkeypatch):
    source = SourceFactory()
    seen = []
    store = pipeline.store_entries

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return store(*args, **kwargs)

    monkeypatch.setattr(pipeline, "store_entries", watched)
    assert ingest_bytes(source, rss(("a", "Roborock ships S9")).encode()).ok
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        ingest_bytes(source, rss(("b", "Dreame ships X50")).encode())
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_a_claimed_ingest_holds_the_lease_only_while_it_fetches(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(rss(("a", "Roborock ships S9")))
    source = source_for(feed_server)
    result = pipeline.ingest_claimed(source.pk)
    assert result.ok and result.report.new == 1
    source.refresh_from_db()
    assert source.leased_until is None and source.last_status == Source.Status.OK


def test_a_source_another_worker_holds_is_not_fetched(feed_server):
    source = source_for(feed_server, leased_until=timezone.now() + datetime.timedelta(minutes=5))
    with pytest.raises(pipeline.SourceBusy) as busy:
        pipeline.ingest_claimed(source.pk)
    assert busy.value.leased_until == source.leased_until
    assert feed_server.log == []


def test_a_source_fetched_since_the_task_was_queued_is_not_fetched_again(feed_server):
    queued_at = timezone.now() - datetime.timedelta(minutes=1)
    source = source_for(feed_server, last_fetched_at=timezone.now())
    assert pipeline.ingest_claimed(source.pk, unless_fetched_since=queued_at) is None
    source.refresh_from_db()
    assert source.leased_until is None and feed_server.log == []


def test_a_deleted_source_is_not_fetched():
    source = SourceFactory()
    source.delete()
    with pytest.raises(Source.DoesNotExist):
        pipeline.ingest_claimed(source.pk)


def test_a_feed_that_is_gone_pauses_its_source_at_once(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data("gone", status=410)
    source = source_for(feed_server)
    assert not ingest(source).ok
    source.refresh_from_db()
    assert source.paused_at is not None and source.consecutive_failures == 1
    assert source.last_error.startswith("HTTP 410 Gone") and "paused" in source.last_error
    assert not Source.objects.due(timezone.now() + datetime.timedelta(days=30)).exists()


def test_a_missing_feed_backs_off_for_hours_and_is_paused_soon(feed_server, settings):
    settings.FEEDS_PAUSE_AFTER_PERMANENT_FAILURES = 3
    feed_server.expect_request("/feed.xml").respond_with_data("not here", status=404)
    source = source_for(feed_server, min_interval=datetime.timedelta(minutes=10))
    waits = []
    for _ in range(3):
        before = timezone.now()
        ingest(source)
        source.refresh_from_db()
        waits.append(source.next_fetch_at - before)
    assert waits[0] >= datetime.timedelta(hours=6)
    assert waits[1] >= 2 * waits[0] - datetime.timedelta(seconds=5)
    assert source.paused_at is not None and "404" in source.last_error


def test_a_server_error_keeps_the_short_back_off_and_the_source_running(feed_server, settings):
    settings.FEEDS_PAUSE_AFTER_PERMANENT_FAILURES = 3
    feed_server.expect_request("/feed.xml").respond_with_data("busy", status=503)
    source = source_for(feed_server, min_interval=datetime.timedelta(minutes=10))
    for _ in range(3):
        ingest(source)
    source.refresh_from_db()
    assert source.paused_at is None and source.consecutive_failures == 3
    assert source.next_fetch_at <= timezone.now() + datetime.timedelta(minutes=81)


def test_each_item_gets_the_language_of_its_own_text(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(
        rss(
            ("de", "Roborock stellt neuen Saugroboter mit Wischfunktion vor"),
            ("zh", "小米发布新款扫地机器人，售价1999元"),
            ("en", "Xiaomi opens its first flagship store in Paris"),
            ("short", "Redmi K80 Pro"),
        )
    )
    ingest(source_for(feed_server, language="de"))
    assert dict(NewsItem.objects.values_list("guid", "language")) == {
        "de": "de",
        "zh": "zh",
        "en": "en",
        "short": "de",  # too short to tell: the source's
    }


def test_without_a_source_language_the_feed_declares_one(feed_server):
    body = rss(("short", "Redmi K80 Pro")).replace(
        "<channel>", "<channel><language>zh-CN</language>"
    )
    feed_server.expect_request("/feed.xml").respond_with_data(body)
    ingest(source_for(feed_server, language=""))
    assert NewsItem.objects.get().language == "zh-CN"


def test_an_item_whose_text_changes_language_is_relabelled(feed_server):
    feed_server.expect_ordered_request("/feed.xml").respond_with_data(
        rss(("a", "Xiaomi opens its first flagship store in Paris"))
    )
    feed_server.expect_ordered_request("/feed.xml").respond_with_data(
        rss(("a", "Xiaomi eröffnet ersten Flagship-Store in Paris mit einer großen Feier"))
    )
    source = source_for(feed_server, language="en")
    ingest(source)
    assert str(ingest(source).report) == "0 new, 1 updated, 0 unchanged"
    assert NewsItem.objects.get().language == "de"
