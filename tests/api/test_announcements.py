"""/api/announcements/: published announcements, pinned first, by brand."""

import datetime

import pytest

from ecosystem.announcements.models import Announcement
from tests.factories import AnnouncementFactory, BrandFactory, CategoryFactory, NewsItemFactory
from tests.support import NOW, slugs

pytestmark = pytest.mark.django_db


def test_an_announcement_gives_its_fields(client):
    Announcement.objects.all().delete()
    brand, category = BrandFactory(slug="test-brand-a"), CategoryFactory(slug="test-cat-a")
    announcement = AnnouncementFactory(
        slug="launch",
        title="Launch",
        body="**New** things.",
        publish_at=datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC),
        brands=[brand],
    )
    announcement.categories.set([category])
    assert client.get("/api/announcements/").json() == {
        "count": 1,
        "results": [
            {
                "slug": "launch",
                "title": "Launch",
                "body": "**New** things.",
                "body_html": "<p><strong>New</strong> things.</p>",
                "publish_at": "2026-01-05T09:00:00Z",
                "pinned": False,
                "brands": ["test-brand-a"],
                "categories": ["test-cat-a"],
                "from_feed": False,
            }
        ],
    }


def test_an_announcements_html_is_sanitised_beside_its_markdown(client):
    Announcement.objects.all().delete()
    AnnouncementFactory(
        body='Hi <script>alert(1)</script><img src=x onerror="alert(2)"> [a](javascript:alert(3))'
    )

    [result] = client.get("/api/announcements/").json()["results"]

    assert "<script" in result["body"]  # the Markdown as written, for editors' tools
    html = result["body_html"]
    assert "<script" not in html and "onerror" not in html and 'href="javascript' not in html
    assert html.startswith("<p>Hi")


def test_only_published_announcements_are_listed(client):
    Announcement.objects.all().delete()
    published = AnnouncementFactory(publish_at=NOW)
    AnnouncementFactory(state=Announcement.State.DRAFT, publish_at=None)
    AnnouncementFactory(state=Announcement.State.SCHEDULED, publish_at=NOW)
    AnnouncementFactory(publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC))
    assert slugs(client.get("/api/announcements/")) == [published.slug]


def test_announcements_come_pinned_first_then_newest(client):
    Announcement.objects.all().delete()
    old = AnnouncementFactory(publish_at=NOW - datetime.timedelta(days=2))
    new = AnnouncementFactory(publish_at=NOW - datetime.timedelta(days=1))
    pinned_old = AnnouncementFactory(publish_at=NOW - datetime.timedelta(days=3), pinned=True)
    assert slugs(client.get("/api/announcements/")) == [pinned_old.slug, new.slug, old.slug]


def test_an_announcement_from_a_feed_says_so(client):
    Announcement.objects.all().delete()
    from_feed = AnnouncementFactory(news_item=NewsItemFactory())
    by_editor = AnnouncementFactory(publish_at=NOW - datetime.timedelta(days=1))
    flags = {
        row["slug"]: row["from_feed"] for row in client.get("/api/announcements/").json()["results"]
    }
    assert flags == {from_feed.slug: True, by_editor.slug: False}


def test_filtering_announcements_by_brand(client):
    brand, other = BrandFactory.create_batch(2)
    hit = AnnouncementFactory(brands=[brand, other])
    AnnouncementFactory(brands=[other])
    response = client.get("/api/announcements/", {"brand": brand.slug})
    assert slugs(response) == [hit.slug]
    assert sorted(response.json()["results"][0]["brands"]) == sorted([brand.slug, other.slug])


def test_an_unknown_brand_gives_no_announcements(client):
    assert client.get("/api/announcements/", {"brand": "no-such-brand"}).json() == {
        "count": 0,
        "results": [],
    }
