"""Hostile and broken feeds through the whole pipeline, on SQLite and on PostgreSQL.

Each ends in a clean ingest or a readable error on its Source: never a crash,
a hang, a script in what is stored, or a lost row of another source.
"""

import gzip

import pytest

from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import NewsItem, Source
from tests.factories import NewsItemFactory, SourceFactory

pytestmark = pytest.mark.django_db


def rss(items: str, declaration='<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{declaration}<rss version="2.0"><channel><title>Hostile</title>'
        f"<link>https://hostile.example/</link>{items}</channel></rss>"
    ).encode()


def item(title="Xiaomi news", guid="g1", description="", link="https://hostile.example/a",
         date="Mon, 02 Mar 2026 10:00:00 +0000"):  # fmt: skip
    return (
        f"<item><title>{title}</title><guid>{guid}</guid><link>{link}</link>"
        f"<description>{description}</description><pubDate>{date}</pubDate></item>"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>&lol3;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title></item></channel></rss>"""

REFUSED = {
    "billion laughs": (BILLION_LAUGHS, "entit"),
    "external entity": (XXE, "entit"),
    "html page": (b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", "HTML"),
    "empty body": (b"", "empty"),
    "plain text": (b"Service temporarily unavailable, please come back later.", ""),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_hostile_document_is_a_readable_error(feed_server, name):
    body, words = REFUSED[name]
    feed_server.expect_request("/feed").respond_with_data(body)
    source = SourceFactory(url=feed_server.url_for("/feed"))
    result = ingest(source)
    assert not result.ok
    source.refresh_from_db()
    assert source.last_status == Source.Status.FAILED
    assert words.lower() in source.last_error.lower()
    assert "root:" not in source.last_error and "lollol" not in source.last_error
    assert not NewsItem.objects.filter(source=source).exists()


def test_script_onerror_and_javascript_links_are_neutralised(feed_server):
    description = (
        '&lt;p&gt;ok&lt;img src=x onerror="alert(1)"&gt;&lt;script&gt;alert(2)&lt;/script&gt;'
        '&lt;a href="javascript:alert(3)"&gt;x&lt;/a&gt;&lt;/p&gt;'
    )
    body = rss(
        item(
            title="Xiaomi &lt;script&gt;alert(4)&lt;/script&gt;",
            description=description,
            link="javascript:alert(5)",
        )
    )
    feed_server.expect_request("/feed").respond_with_data(body)
    assert ingest(SourceFactory(url=feed_server.url_for("/feed"))).ok
    stored = NewsItem.objects.get()
    for text in (stored.title, stored.summary, stored.url):
        assert "<script" not in text and "javascript:" not in text and "onerror" not in text
    assert stored.title == "Xiaomi"


def test_nul_bytes_do_not_reach_the_database(feed_server):
    body = rss(item(title="Redmi\x00 Note", guid="g\x00", description="a\x00b"))
    feed_server.expect_request("/feed").respond_with_data(body)
    result = ingest(SourceFactory(url=feed_server.url_for("/feed")))
    # XML forbids NUL, so refusing the document is as good as cleaning it.
    if result.ok:
        assert "\x00" not in NewsItem.objects.get().title
    else:
        assert result.error


def test_duplicate_and_missing_guids_store_each_article_once(feed_server):
    body = rss(
        item(guid="same", title="Roborock one")
        + item(guid="same", title="Roborock one again")
        + item(guid="", title="Dreame no guid", link="https://hostile.example/b")
        + item(guid="", title="Yeelight no guid or link", link="")
    )
    feed_server.expect_request("/feed").respond_with_data(body)
    source = SourceFactory(url=feed_server.url_for("/feed"))
    assert str(ingest(source).report) == "3 new, 0 updated, 0 unchanged"
    assert str(ingest(source).report) == "0 new, 0 updated, 3 unchanged"


def test_a_100_kb_title_is_cut_not_fatal(feed_server):
    feed_server.expect_request("/feed").respond_with_data(rss(item(title="Xiaomi " * 15_000)))
    assert ingest(SourceFactory(url=feed_server.url_for("/feed"))).ok
    assert len(NewsItem.objects.get().title) <= 1000


@pytest.mark.parametrize("date", ["Sat, 01 Jan 2150 00:00:00 GMT", "the day after tomorrow", ""])
def test_future_and_garbage_dates_take_the_fetch_time(feed_server, date):
    feed_server.expect_request("/feed").respond_with_data(rss(item(date=date)))
    source = SourceFactory(url=feed_server.url_for("/feed"))
    assert ingest(source).ok
    source.refresh_from_db()
    assert NewsItem.objects.get().published_at <= source.last_fetched_at


def test_ten_thousand_items_in_one_feed(feed_server):
    items = "".join(
        item(guid=f"g{n}", title=f"Xiaomi item {n}", link=f"https://hostile.example/{n}")
        for n in range(10_000)
    )
    feed_server.expect_request("/feed").respond_with_data(rss(items))
    result = ingest(SourceFactory(url=feed_server.url_for("/feed")))
    assert result.ok and result.report.new == 10_000
    assert NewsItem.objects.filter(mentions__brand__slug="xiaomi").count() == 10_000


def test_a_gzip_bomb_is_refused_without_taking_the_memory(feed_server, settings):
    settings.FEEDS_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b"<rss>" + b" " * (50 * 1024 * 1024), compresslevel=9)
    feed_server.expect_request("/feed").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}
    )
    source = SourceFactory(url=feed_server.url_for("/feed"))
    assert not ingest(source).ok
    source.refresh_from_db()
    assert "too large" in source.last_error


def test_a_failing_feed_leaves_other_sources_rows_alone(feed_server):
    other = NewsItemFactory()
    feed_server.expect_request("/feed").respond_with_data(BILLION_LAUGHS)
    ingest(SourceFactory(url=feed_server.url_for("/feed")))
    assert NewsItem.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    "host",
    ["localhost", "[::1]", "2130706433", "0x7f000001", "127.1", "127.0.0.1"],
)
def test_loopback_spelled_any_way_is_refused_by_default(feed_server, settings, host):
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = False
    source = SourceFactory(url=f"http://{host}:{feed_server.port}/feed")
    result = ingest(source)
    assert not result.ok and "public address" in result.error
    assert feed_server.log == []
