"""Public pages and news counts are cached, and every kind of change shows at once."""

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings

from ecosystem.announcements.models import Announcement
from ecosystem.announcements.publishing import publish_due
from ecosystem.brands.models import Brand
from ecosystem.core import page_cache
from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.matching.rematch import rematch_all
from tests.factories import (
    AliasFactory,
    AnnouncementFactory,
    NewsItemFactory,
    SourceFactory,
    bulk_news,
    editor,
)

pytestmark = pytest.mark.django_db

PAGES = ["/", "/brands/", "/brands/roborock/", "/categories/robot-vacuums/", "/news/"]


def rss(*titles: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://example.com/{n}</link><guid>g{n}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 10:{n:02d}:00 +0000</pubDate></item>"
        for n, title in enumerate(titles)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )


def text(client, url, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_is_rendered_once_then_served_from_the_cache(client, django_assert_num_queries, url):
    first = text(client, url)
    with django_assert_num_queries(0):
        assert text(client, url) == first


def test_news_from_a_feed_refreshes_the_pages_that_show_it_and_no_others(
    client, feed_server, django_assert_num_queries
):
    for url in ["/brands/roborock/", "/brands/yeelight/", "/news/", "/api/news/?brand=roborock"]:
        assert "Roborock ships the Saros Z70" not in text(client, url)
    feed_server.expect_request("/feed.xml").respond_with_data(
        rss("Roborock ships the Saros Z70"), content_type="application/rss+xml"
    )
    assert ingest(SourceFactory(url=feed_server.url_for("/feed.xml"))).ok

    assert "Roborock ships the Saros Z70" in text(client, "/brands/roborock/")
    assert "Roborock ships the Saros Z70" in text(client, "/news/")
    api = client.get("/api/news/", {"brand": "roborock"}).json()
    assert api["count"] == 1 and api["results"][0]["title"] == "Roborock ships the Saros Z70"
    with django_assert_num_queries(0):  # an item about Roborock leaves Yeelight's page cached
        text(client, "/brands/yeelight/")


def test_re_matching_after_a_new_alias_refreshes_the_pages(client):
    NewsItemFactory(title="Hands-on with the Saros Z70")
    assert "Saros Z70" not in text(client, "/brands/roborock/")
    AliasFactory(brand=Brand.objects.get(slug="roborock"), text="Saros")
    rematch_all()  # what the task the alias change queued runs
    assert "Saros Z70" in text(client, "/brands/roborock/")


def test_an_editor_changing_a_brand_refreshes_its_page(client):
    assert "Makers of robot vacuums" not in text(client, "/brands/roborock/")
    brand = Brand.objects.get(slug="roborock")
    brand.description = "Makers of robot vacuums"
    brand.save()
    assert "Makers of robot vacuums" in text(client, "/brands/roborock/")


def test_hiding_an_item_in_the_admin_takes_it_off_the_cached_pages(client):
    item = NewsItemFactory(title="Roborock teaser")
    item.mentions.create(brand=Brand.objects.get(slug="roborock"), published_at=item.published_at)
    assert "Roborock teaser" in text(client, "/brands/roborock/")
    assert client.get("/api/news/").json()["count"] == 1

    admin = Client()
    admin.force_login(editor())
    response = admin.post(
        "/admin/news/newsitem/", {"action": "hide", "_selected_action": [item.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "Roborock teaser" not in text(client, "/brands/roborock/")
    assert client.get("/api/news/").json()["count"] == 0


def test_an_announcement_published_on_schedule_shows_at_once(client):
    announcement = AnnouncementFactory(title="Roborock at IFA", state=Announcement.State.SCHEDULED)
    announcement.brands.add(Brand.objects.get(slug="roborock"))
    assert "Roborock at IFA" not in text(client, "/brands/roborock/")
    assert publish_due() == 1
    assert "Roborock at IFA" in text(client, "/brands/roborock/")


def test_languages_and_htmx_partials_are_cached_apart(client):
    english = text(client, "/brands/?kind=sub_brand")
    partial = text(client, "/brands/?kind=sub_brand", headers={"HX-Request": "true"})
    german = text(client, "/brands/?kind=sub_brand", headers={"Accept-Language": "de"})
    assert "<html" in english and "<html" not in partial
    assert 'lang="en"' in english and 'lang="de"' in german


def test_public_pages_set_no_cookie_so_one_copy_serves_everyone(client):
    for url in PAGES:
        assert not client.get(url).cookies, url


def test_the_language_switch_needs_no_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/brands/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "de"
    assert "Marken" in text(client, "/brands/")


def test_news_counts_follow_new_news(client):
    roborock = Brand.objects.get(slug="roborock")
    bulk_news(3, brands=[roborock])
    page_cache.news_changed(["roborock"])  # what the feed store does after writing
    assert client.get("/api/news/", {"brand": "roborock"}).json()["count"] == 3
    assert client.get("/api/brands/roborock/").json()["news_count"] == 3
    bulk_news(2, brands=[roborock], source=SourceFactory())
    page_cache.news_changed(["roborock"])
    assert client.get("/api/news/", {"brand": "roborock"}).json()["count"] == 5
    assert client.get("/api/brands/roborock/").json()["news_count"] == 5


# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
}


@pytest.fixture
def unreachable_cache(monkeypatch):
    # Restored afterwards: the pause that follows a cache failure.
    monkeypatch.setattr(page_cache, "_paused_until", 0.0)
    with override_settings(CACHES=UNREACHABLE):
        yield


def test_an_unreachable_cache_costs_rendering_and_nothing_else(
    client, unreachable_cache, caplog, django_assert_num_queries
):
    NewsItemFactory(title="Saved while the cache is away")  # invalidation fails quietly
    for _ in range(2):
        html = text(client, "/news/")
        assert "Saved while the cache is away" in html
    assert client.get("/api/news/").json()["count"] == 1
    assert "cache unavailable" in caplog.text
    with django_assert_num_queries(3):  # rendered again: nothing was cached
        text(client, "/news/")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_page_cache_seconds_zero_turns_caching_off(client, django_assert_num_queries):
    text(client, "/news/")
    with django_assert_num_queries(3):
        text(client, "/news/")


def test_only_plain_successful_responses_are_kept(rf):
    rendered = []

    @page_cache.cached_page(lambda request: ())
    def view(request):
        rendered.append(request.get_full_path())
        response = HttpResponse("body", status=int(request.GET["status"]))
        if "cookie" in request.GET:
            response.set_cookie("visitor", "1")
        return response

    for query in ["status=503", "status=200&cookie=1", "status=200"]:
        for _ in range(2):
            request = rf.get(f"/page/?{query}")
            request.LANGUAGE_CODE = "en"
            assert view(request).status_code == int(request.GET["status"])
    assert rendered.count("/page/?status=503") == 2
    assert rendered.count("/page/?status=200&cookie=1") == 2
    assert rendered.count("/page/?status=200") == 1


def test_each_host_name_gets_its_own_copy(client, settings, django_assert_num_queries):
    settings.ALLOWED_HOSTS = ["testserver", "tracker.example.com"]
    text(client, "/brands/")
    with django_assert_num_queries(3):  # rendered again, not the other name's copy
        text(client, "/brands/", headers={"Host": "tracker.example.com"})
