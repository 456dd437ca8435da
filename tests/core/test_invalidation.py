"""Every kind of change shows at once on the cached pages and counts: news from a feed,
re-matching, an editor's edit, hiding in the admin, a scheduled announcement going public."""

import pytest
from django.test import Client

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
from tests.support import text

pytestmark = pytest.mark.django_db


def rss(*titles: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://example.com/{n}</link><guid>g{n}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 10:{n:02d}:00 +0000</pubDate></item>"
        for n, title in enumerate(titles)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )


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
