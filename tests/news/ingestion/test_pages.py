"""Web pages as sources, against real HTTP servers on loopback: a page's feed found and
followed, and newsrooms without a feed read for their new articles."""

import datetime
import time
from pathlib import Path

import pytest
from django.utils import timezone
from werkzeug import Response

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand
from ecosystem.core import outbox
from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import NewsItem, Source
from tests.factories import NewsItemFactory, SourceFactory

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
ARTICLES = PAGES / "articles"
# The two "stored already?" lookups and the schedule's update.
QUERIES_FOR_NOTHING_NEW = 3
RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog</title>'
    "<item><title>Yeelight adds Matter to its ceiling lights</title><guid>y-1</guid>"
    "<link>https://yeelight.example.com/1</link>"
    "<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item></channel></rss>"
)


@pytest.fixture
def site(feed_server, settings):
    """The loopback server as a brand's site: no robots.txt, no pause between pages."""
    settings.ARTICLES_HOST_DELAY = 0
    feed_server.expect_request("/robots.txt").respond_with_data("", status=404)
    return feed_server


def serve_newsroom(server, *, listing="newsroom.html", **headers):
    server.expect_request("/newsroom").respond_with_data(
        (PAGES / listing).read_bytes(), content_type="text/html; charset=utf-8", headers=headers
    )
    for name in ("saros-z70-launch", "qrevo-curv-europe", "ces-2026-awards"):
        server.expect_request(f"/newsroom/{name}").respond_with_data(
            (ARTICLES / f"{name}.html").read_bytes(), content_type="text/html; charset=utf-8"
        )
    server.expect_request("/newsroom/h1-washer-dryer-china").respond_with_data("gone", status=404)


def requested(server) -> list[str]:
    return [request.path for request, _response in server.log]


def stored() -> dict[str, tuple[str, datetime.datetime]]:
    return {
        item.url.rsplit("/", 1)[-1]: (item.title, item.published_at)
        for item in NewsItem.objects.all()
    }


# Autodiscovery ---------------------------------------------------------------------


def test_a_page_that_names_a_feed_makes_the_source_follow_the_feed(site):
    site.expect_request("/blog/").respond_with_data(
        (PAGES / "blog-with-feeds.html").read_bytes(), content_type="text/html"
    )
    site.expect_request("/feed/").respond_with_data(RSS, content_type="application/rss+xml")
    page = site.url_for("/blog/")
    source = SourceFactory(url=page)

    result = ingest(source)

    assert result.ok and str(result.report) == "1 new, 0 updated, 0 unchanged"
    assert "names the feed" in result.note
    source.refresh_from_db()
    assert (source.kind, source.url, source.page_url) == ("feed", site.url_for("/feed/"), page)
    assert NewsItem.objects.get().title == "Yeelight adds Matter to its ceiling lights"


def test_the_feed_a_page_names_is_not_taken_from_another_source(site):
    site.expect_request("/blog/").respond_with_data(
        '<html><head><link rel="alternate" type="application/atom+xml" href="/feed/"></head>'
        "<body><main><a href='/blog/a-post'>A post</a></main></body></html>",
        content_type="text/html",
    )
    SourceFactory(name="The blog's feed", url=site.url_for("/feed/"))
    source = SourceFactory(url=site.url_for("/blog/"))
    assert not ingest(source).ok
    source.refresh_from_db()
    assert "which the source “The blog's feed” reads" in source.last_error
    assert source.url == site.url_for("/blog/") and source.kind == Source.Kind.FEED


def test_a_feed_that_has_stored_items_and_answers_with_a_page_fails_as_before(site):
    site.expect_request("/feed.xml").respond_with_data(
        (PAGES / "newsroom.html").read_bytes(), content_type="text/html"
    )
    source = SourceFactory(url=site.url_for("/feed.xml"))
    NewsItemFactory(source=source)
    assert ingest(source).error == "not a feed: the document is an HTML page"
    source.refresh_from_db()
    assert source.kind == Source.Kind.FEED and source.consecutive_failures == 1


def test_a_page_that_names_no_feed_and_links_no_article_is_an_error(site):
    site.expect_request("/home").respond_with_data(
        "<html><body><nav><a href='/a/b'>x</a></nav><p>Hi</p></body></html>"
    )
    source = SourceFactory(url=site.url_for("/home"))
    result = ingest(source)
    assert result.error == (
        "not a feed: the document is an HTML page that names no feed and links no articles"
    )
    source.refresh_from_db()
    assert source.kind == Source.Kind.FEED and source.last_status == Source.Status.FAILED


# Page sources ----------------------------------------------------------------------


def test_a_newsroom_without_a_feed_gives_its_articles_with_their_own_titles_and_dates(site):
    serve_newsroom(site)
    source = SourceFactory(url=site.url_for("/newsroom"))
    before = timezone.now()

    result = ingest(source)

    assert result.ok and result.report.new == 4 and "names no feed" in result.note
    source.refresh_from_db()
    assert source.kind == Source.Kind.PAGE and source.last_status == Source.Status.OK
    items = stored()
    utc = datetime.UTC
    assert items["saros-z70-launch"] == (  # Open Graph and article:published_time
        "Roborock unveils the Saros Z70, a robot vacuum with a folding arm",
        datetime.datetime(2026, 1, 6, 1, 0, tzinfo=utc),
    )
    assert items["qrevo-curv-europe"] == (  # JSON-LD NewsArticle
        "The Qrevo Curv comes to Europe with a curved base station",
        datetime.datetime(2026, 2, 12, 9, 30, tzinfo=utc),
    )
    assert items["ces-2026-awards"][1] == datetime.datetime(2026, 1, 2, 8, 0, tzinfo=utc)
    # The article page is gone: the link's text, and the time it was first seen.
    title, first_seen = items["h1-washer-dryer-china"]
    assert title == "H1 washer-dryer goes on sale in China" and first_seen >= before
    # Nothing from the navigation, the sidebar or the footer was fetched or stored.
    assert not {"footer-promo", "s8-maxv-ultra-review-roundup", "older-story"} & set(items)
    assert not any(
        path.endswith(("footer-promo", "older-story", "2", "press-releases"))
        for path in requested(site)
    )
    saros = NewsItem.objects.get(url__endswith="saros-z70-launch")
    assert [brand.slug for brand in saros.brands.all()] == ["roborock"]
    assert saros.summary.startswith("Roborock today presented the Saros Z70")


def test_the_next_fetch_reads_only_new_articles(site):
    serve_newsroom(site)
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)
    ingest(source)
    site.clear_log()
    site.clear_all_handlers()
    site.expect_request("/robots.txt").respond_with_data("", status=404)
    listing = (
        (PAGES / "newsroom.html")
        .read_text()
        .replace(
            '<section class="news-grid">',
            '<section class="news-grid"><h2><a href="/newsroom/new-story">A new story</a></h2>',
        )
    )
    site.expect_request("/newsroom").respond_with_data(listing, content_type="text/html")
    site.expect_request("/newsroom/new-story").respond_with_data(
        (ARTICLES / "ces-2026-awards.html").read_text().replace("Three CES", "Four CES"),
        content_type="text/html",
    )

    result = ingest(source)

    assert str(result.report) == "1 new, 0 updated, 0 unchanged"
    assert [path for path in requested(site) if path != "/robots.txt"] == [
        "/newsroom",
        "/newsroom/new-story",
    ]
    assert NewsItem.objects.count() == 5


def test_an_unchanged_page_costs_one_request(site):
    serve_newsroom(site, ETag='"v1"')
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)
    ingest(source)
    site.clear_log()
    site.clear_all_handlers()
    site.expect_request("/newsroom", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )

    result = ingest(source)

    assert result.ok and result.not_modified
    assert requested(site) == ["/newsroom"]
    source.refresh_from_db()
    assert source.last_status == Source.Status.NOT_MODIFIED


def test_the_budget_leaves_the_other_articles_for_the_next_fetch(site, settings):
    settings.ARTICLES_PER_FETCH = 2
    serve_newsroom(site, ETag='"v1"')
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)

    first = ingest(source)

    assert first.report.new == 2 and first.waiting == 2
    source.refresh_from_db()
    assert source.etag == ""  # the page is read again next time, changed or not
    second = ingest(source)
    assert second.report.new == 2 and second.waiting == 0
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert set(stored()) == {
        "saros-z70-launch",
        "qrevo-curv-europe",
        "ces-2026-awards",
        "h1-washer-dryer-china",
    }


def test_a_css_selector_refines_the_links(site):
    serve_newsroom(site)
    source = SourceFactory(
        url=site.url_for("/newsroom"), kind=Source.Kind.PAGE, link_selector=".press-item"
    )
    assert ingest(source).report.new == 1
    assert list(stored()) == ["h1-washer-dryer-china"]


def test_a_selector_that_picks_nothing_says_so(site):
    serve_newsroom(site)
    source = SourceFactory(
        url=site.url_for("/newsroom"), kind=Source.Kind.PAGE, link_selector=".no-such-thing"
    )
    assert not ingest(source).ok
    source.refresh_from_db()
    assert source.last_error == (
        "the page links no articles that the CSS selector '.no-such-thing' picks"
    )


def test_an_official_page_source_makes_its_brands_announcements(site):
    serve_newsroom(site)
    roborock = Brand.objects.get(slug="roborock")
    source = SourceFactory(
        url=site.url_for("/newsroom"), kind=Source.Kind.PAGE, official_for=roborock
    )
    ingest(source)
    outbox.process_due()
    announced = Announcement.objects.filter(news_item__source=source)
    assert announced.count() == 4
    assert all(list(a.brands.all()) == [roborock] for a in announced)
    assert announced.filter(title__startswith="Roborock unveils the Saros Z70").exists()


# Hostile pages ---------------------------------------------------------------------


def page_source(server, path="/newsroom"):
    return SourceFactory(url=server.url_for(path), kind=Source.Kind.PAGE)


def assert_failed(source, fragment):
    source.refresh_from_db()
    assert source.last_status == Source.Status.FAILED and fragment in source.last_error
    assert "\n" not in source.last_error
    assert not NewsItem.objects.exists()


def test_a_huge_page_is_refused(site, settings):
    settings.FEEDS_MAX_BYTES = 100_000
    site.expect_request("/newsroom").respond_with_data(
        b"<html><body><main>" + b"<p>Roborock</p>" * 20_000, content_type="text/html"
    )
    source = page_source(site)
    ingest(source)
    assert_failed(source, "too large")


def test_a_slow_endless_page_times_out(site, settings):
    settings.FEEDS_TOTAL_TIMEOUT = 1

    def trickle(request):
        def body():
            yield b"<html><body><main>"
            for _ in range(30):
                time.sleep(0.1)
                yield b'<a href="/newsroom/x">x</a>'

        return Response(body(), content_type="text/html")

    site.expect_request("/newsroom").respond_with_handler(trickle)
    source = page_source(site)
    ingest(source)
    assert_failed(source, "timed out")


def test_a_binary_page_is_refused(site):
    site.expect_request("/newsroom").respond_with_data(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="text/html"
    )
    source = page_source(site)
    ingest(source)
    assert_failed(source, "binary")


def test_a_deeply_nested_page_ends_in_an_error_not_a_crash(site):
    site.expect_request("/newsroom").respond_with_data(
        b"<html><body><main>" + b"<div>" * 100_000 + b'<a href="/newsroom/x">X</a>',
        content_type="text/html",
    )
    source = page_source(site)
    ingest(source)
    assert_failed(source, "links no articles")


# Politeness and failures -------------------------------------------------------------


def test_article_pages_are_fetched_one_at_a_time_with_the_hosts_pause(article_server, settings):
    settings.ARTICLES_HOST_DELAY = 0.3
    article_server.serve("/robots.txt", "", status=404)
    listing = article_server.serve("/newsroom", (PAGES / "newsroom.html").read_bytes())
    for name in ("saros-z70-launch", "qrevo-curv-europe", "ces-2026-awards"):
        article_server.serve(f"/newsroom/{name}", (ARTICLES / f"{name}.html").read_bytes())
    source = SourceFactory(url=listing, kind=Source.Kind.PAGE)

    assert ingest(source).report.new == 4
    articles = [visit for visit in article_server.visits if visit.path.count("/") == 2]
    assert len(articles) == 4 and article_server.busiest == 1
    gaps = [b.started - a.ended for a, b in zip(articles, articles[1:], strict=False)]
    assert min(gaps) >= 0.25, gaps
    pages = [visit for visit in article_server.visits if visit.path != "/robots.txt"]
    assert all(visit.accept.startswith("text/html") for visit in pages)


def test_a_failing_page_source_backs_off_and_is_paused_as_a_feed_is(site, settings):
    settings.FEEDS_PAUSE_AFTER_PERMANENT_FAILURES = 2
    serve_newsroom(site)
    source = SourceFactory(
        url=site.url_for("/newsroom"), kind=Source.Kind.PAGE, link_selector="#nothing"
    )
    ingest(source)
    source.refresh_from_db()
    assert source.next_fetch_at >= timezone.now() + datetime.timedelta(hours=5)
    ingest(source)
    source.refresh_from_db()
    assert source.paused_at is not None and source.consecutive_failures == 2


def test_an_articles_text_is_its_items_body_matched_strictly(site):
    serve_newsroom(site)
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)
    ingest(source)
    saros = NewsItem.objects.get(url__endswith="saros-z70-launch")
    assert saros.body_origin == "article" and saros.body_status == "done"
    assert "Prices are announced by each market" in saros.body
    # The sidebar and footer named Dreame, Ecovacs, Yeelight and Xiaomi: not the body.
    assert "Dreame" not in saros.body and "Yeelight" not in saros.body
    assert [brand.slug for brand in saros.brands.all()] == ["roborock"]
    gone = NewsItem.objects.get(url__endswith="h1-washer-dryer-china")
    assert (gone.body, gone.body_origin) == ("", "")


def test_article_pages_wait_for_the_next_fetch_once_half_the_tasks_time_is_gone(site, settings):
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 0
    serve_newsroom(site)
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)
    result = ingest(source)
    assert result.ok and result.report.new == 0 and result.waiting == 4
    assert requested(site) == ["/newsroom"]


def test_a_saved_page_sources_preview_leaves_out_what_it_stored(site, client):
    from django.urls import reverse

    from tests.factories import administrator

    serve_newsroom(site)
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)
    NewsItemFactory(source=source, guid=site.url_for("/newsroom/saros-z70-launch"))
    client.force_login(administrator())
    response = client.get(reverse("admin:news_source_preview", args=[source.pk]))
    preview = response.context["preview"]
    assert (preview.kind, preview.known, preview.waiting) == ("page", 1, 0)
    assert [entry.url.rsplit("/", 1)[-1] for entry in preview.entries] == [
        "qrevo-curv-europe",
        "ces-2026-awards",
        "h1-washer-dryer-china",
    ]
    assert "1 of the page's articles are stored already" in response.content.decode()
    assert NewsItem.objects.count() == 1


def test_a_fetch_that_finds_nothing_new_costs_few_queries(site, django_assert_num_queries):
    serve_newsroom(site)
    source = SourceFactory(url=site.url_for("/newsroom"), kind=Source.Kind.PAGE)
    ingest(source)
    with django_assert_num_queries(QUERIES_FOR_NOTHING_NEW):
        assert ingest(source).report.new == 0
