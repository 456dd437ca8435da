"""Full text for teaser feeds: article pages read for new items, politely and within bounds."""

import datetime

import pytest
from django.core.management import call_command

from ecosystem.core import outbox
from ecosystem.core.models import Job
from ecosystem.news.ingestion.clean import CleanEntry
from ecosystem.news.ingestion.fulltext import FullTextReport, is_teaser, read_pending
from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import NewsItem, Source
from tests.article_server import ARTICLES
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

REVIEW = (ARTICLES / "roborock-s9.html").read_bytes()
TEASER = "A robot that lifts its own mop. Read more…"


def rss(server, *items):
    """A feed on `server` whose items (path, title, description) link to pages on it."""
    body = "".join(
        f"<item><title>{title}</title><link>{server.url(path)}</link><guid>{path}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 10:{n:02d}:00 +0000</pubDate>"
        f"<description>{description}</description></item>"
        for n, (path, title, description) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gadgets</title>'
        f"<link>{server.url('/')}</link>{body}</channel></rss>"
    )


def teaser_feed(server, count=1, **fields):
    items = []
    for n in range(count):
        path = f"/reviews/{n}.html"
        server.serve(path, REVIEW)
        items.append((path, f"Robot vacuum review {n}", TEASER))
    url = server.serve("/feed.xml", rss(server, *items), content_type="application/rss+xml")
    return SourceFactory(url=url, **fields)


def brands(item):
    return set(item.brands.values_list("slug", flat=True))


def test_a_teaser_feeds_new_item_gets_its_article_text_and_is_matched_on_it(article_server):
    source = teaser_feed(article_server)
    result = ingest(source)
    assert result.ok and result.report.pending == 1
    item = NewsItem.objects.get()
    assert (item.body_status, item.body, brands(item)) == ("pending", "", set())

    assert str(read_pending(source.pk)) == "1 articles read, 0 failed, 0 skipped, 0 waiting"
    item.refresh_from_db()
    assert item.body_status == "done" and item.body_origin == "article"
    assert item.body.startswith("Roborock S9 MaxV review") and "lifts its mop pads" in item.body
    # Named three times in the article; the menus, sidebar, related list, comments and
    # footer name Xiaomi, Redmi, Dreame, Yeelight, POCO, Amazfit and Segway-Ninebot.
    assert brands(item) == {"roborock"}
    assert item.mentions.get().matched_in == "content"


def test_the_pages_are_read_after_the_fetch_through_the_outbox(article_server):
    source = teaser_feed(article_server)
    ingest(source)
    job = Job.objects.get(kind="news.full_text")
    assert job.arguments == {"source_id": source.pk}
    assert outbox.run(job.pk) == "done"
    assert NewsItem.objects.get().body_status == "done"


def test_fetch_feed_reads_the_pages_before_it_returns(article_server, capsys):
    url = teaser_feed(article_server, count=2).url
    call_command("fetch_feed", url)
    assert capsys.readouterr().out.splitlines() == [
        "2 new, 0 updated, 0 unchanged",
        "2 articles read, 0 failed, 0 skipped, 0 waiting",
    ]
    assert set(NewsItem.objects.values_list("body_status", flat=True)) == {"done"}


def test_a_feed_with_its_own_full_content_needs_no_pages(article_server):
    long = "A long and complete review of a robot vacuum that names no brand. " * 10
    url = article_server.serve(
        "/feed.xml", rss(article_server, ("/r.html", "Review", long)),
        content_type="application/rss+xml",
    )  # fmt: skip
    source = SourceFactory(url=url)
    assert ingest(source).report.pending == 0
    assert read_pending(source.pk) == FullTextReport()
    assert article_server.paths() == ["/feed.xml"]
    assert not Job.objects.filter(kind="news.full_text").exists()


@pytest.mark.parametrize("setting", [Source.FullText.ON, Source.FullText.OFF])
def test_an_editor_turns_full_text_on_or_off(article_server, setting):
    long = "A long and complete review of a robot vacuum, with all there is to say. " * 10
    source = teaser_feed(article_server, full_text=setting)
    article_server.serve(
        "/feed.xml", rss(article_server, ("/reviews/0.html", "Review", long)),
        content_type="application/rss+xml",
    )  # fmt: skip
    assert ingest(source).report.pending == (1 if setting == Source.FullText.ON else 0)


@pytest.mark.parametrize(
    ("summary", "teaser"),
    [
        ("Short.", True),
        ("A long summary that says a lot about the robot. " * 10, False),
        ("A long summary that says a lot about the robot. " * 10 + "[…]", True),
        ("Ein langer Text über den Saugroboter, mit allem Wichtigen. " * 10 + "Weiterlesen", True),
        ("小米汽车交付了第一批车。" * 40 + "阅读全文", True),
    ],
)
def test_what_counts_as_a_teaser(summary, teaser):
    entry = CleanEntry(
        guid="g", url="https://a.example/1", canonical_url="https://a.example/1", title="T",
        summary=summary, summary_text=summary, published_at=datetime.datetime.now(datetime.UTC),
        language="en",
    )  # fmt: skip
    assert is_teaser(entry) is teaser


def test_robots_txt_keeps_the_feed_text_only(article_server):
    article_server.serve("/robots.txt", "User-agent: *\nDisallow: /reviews/\n")
    source = teaser_feed(article_server)
    assert ingest(source).ok
    report = read_pending(source.pk)
    assert (report.read, report.skipped) == (0, 1)
    item = NewsItem.objects.get()
    assert (item.body_status, item.body, item.summary) == ("skipped", "", TEASER)
    assert "robots.txt" in item.body_error
    assert "/reviews/0.html" not in article_server.paths()


def test_the_budget_bounds_the_pages_of_one_run_and_the_rest_waits(article_server, settings):
    settings.ARTICLES_PER_FETCH = 2
    source = teaser_feed(article_server, count=5)
    ingest(source)
    assert str(read_pending(source.pk)) == "2 articles read, 0 failed, 0 skipped, 3 waiting"
    assert len([path for path in article_server.paths() if path.startswith("/reviews/")]) == 2
    # Newest first: the feed's last items carry the latest dates.
    assert set(NewsItem.objects.filter(body_status="done").values_list("guid", flat=True)) == {
        "/reviews/4.html", "/reviews/3.html"
    }  # fmt: skip
    assert str(read_pending(source.pk)) == "2 articles read, 0 failed, 0 skipped, 1 waiting"


def test_items_that_waited_too_long_are_skipped(article_server):
    source = teaser_feed(article_server)
    ingest(source)
    NewsItem.objects.update(fetched_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert read_pending(source.pk).skipped == 1
    assert NewsItem.objects.get().body_error == "not fetched: waited too long for its turn"


def test_one_host_is_asked_for_one_page_at_a_time_with_a_pause(article_server, settings):
    settings.ARTICLES_HOST_DELAY = 0.3
    source = teaser_feed(article_server, count=3)
    ingest(source)
    read_pending(source.pk)
    visits = [visit for visit in article_server.visits if visit.path != "/feed.xml"]
    assert [visit.path for visit in visits][0] == "/robots.txt" and len(visits) == 4
    gaps = [b.started - a.ended for a, b in zip(visits, visits[1:], strict=False)]
    assert min(gaps) >= 0.29 and article_server.busiest == 1


def test_hostile_pages_end_as_errors_on_their_items_and_the_feed_is_fine(article_server, settings):
    settings.FEEDS_TOTAL_TIMEOUT = 1
    settings.ARTICLES_MAX_BYTES = 600_000
    pages = {
        "/huge.html": {"body": b"<html><body><p>" + b"Roborock " * 100_000},
        "/endless.html": {"body": b"", "endless": True, "delay": 0.05},
        "/binary.html": {"body": bytes(range(256)) * 100},
        "/nested.html": {"body": b"<div>" * 50_000 + b"Roborock" + b"</div>" * 50_000},
        "/gone.html": {"body": b"", "status": 410},
    }
    for path, page in pages.items():
        article_server.serve(path, **page)
    items = [(path, f"Item {path}", "Teaser.") for path in pages]
    url = article_server.serve(
        "/feed.xml", rss(article_server, *items), content_type="application/rss+xml"
    )
    source = SourceFactory(url=url)
    assert ingest(source).ok
    assert read_pending(source.pk).failed == 5
    errors = dict(NewsItem.objects.values_list("guid", "body_error"))
    assert "too large" in errors["/huge.html"]
    assert "timed out" in errors["/endless.html"]
    assert "binary" in errors["/binary.html"]
    assert errors["/nested.html"].startswith(("unreadable page", "no article text"))
    assert "HTTP 410" in errors["/gone.html"]
    assert all("\n" not in error for error in errors.values())
    assert set(NewsItem.objects.values_list("body_status", "body")) == {("failed", "")}
    source.refresh_from_db()
    assert source.last_status == Source.Status.OK and not source.last_error


def test_an_item_whose_host_stays_busy_keeps_its_turn(article_server, settings, monkeypatch):
    from ecosystem.news.ingestion import articles
    from ecosystem.news.models import HostSlot

    monkeypatch.setattr(articles, "SLOT_WAIT_SECONDS", 0.3)
    source = teaser_feed(article_server, count=2)
    ingest(source)
    # Another worker holds the host for the next minute.
    host = f"127.0.0.1:{article_server.port}"
    HostSlot.objects.update_or_create(
        host=host,
        defaults={"free_at": datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)},
    )
    assert str(read_pending(source.pk)) == "0 articles read, 0 failed, 0 skipped, 2 waiting"
    assert set(NewsItem.objects.values_list("body_status", flat=True)) == {"pending"}
    assert "is busy" in NewsItem.objects.exclude(body_error="").get().body_error
    assert not [path for path in article_server.paths() if path.startswith("/reviews/")]
