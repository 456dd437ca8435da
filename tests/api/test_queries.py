"""Every API endpoint runs a fixed number of queries, however many rows there are."""

import datetime

import pytest
from django.db import connection

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, Tie
from ecosystem.news import counters
from ecosystem.news.models import Mention, NewsItem
from tests.factories import AliasFactory, BrandFactory, CategoryFactory, SourceFactory, TieFactory
from tests.support import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[10, 1000], ids=lambda n: f"{n}-rows")
def many(request):
    """`n` news items naming two brands in two categories, and `n` published announcements."""
    n = request.param
    brand, other = BrandFactory(slug="test-many"), Brand.objects.get(slug="xiaomi")
    parent_category = CategoryFactory(slug="test-many-parent")
    category = CategoryFactory(slug="test-many-child", parent=parent_category)
    brand.categories.set([category])
    TieFactory(brand=brand, type=Tie.Type.SUB_BRAND_OF, target=other)
    AliasFactory(brand=brand)
    source = SourceFactory()
    items = NewsItem.objects.bulk_create(
        NewsItem(
            source=source,
            guid=f"many-{i}",
            url=f"https://news.example.com/many/{i}",
            title=f"Xiaomi and Test Many story {i}",
            summary="<p>Robot vacuum news.</p>",
            published_at=NOW - datetime.timedelta(minutes=i),
            hidden=i % 10 == 9,
        )
        for i in range(n)
    )
    Mention.objects.bulk_create(
        Mention(
            news_item=item,
            brand=mentioned,
            alias=mentioned.name,
            matched_in=Mention.Field.TITLE,
            published_at=item.published_at,
            hidden=item.hidden,
        )
        for item in items
        for mentioned in (brand, other)
    )
    NewsItem.categories.through.objects.bulk_create(
        NewsItem.categories.through(newsitem=item, productcategory=category) for item in items
    )
    announcements = Announcement.objects.bulk_create(
        Announcement(
            slug=f"many-{i}",
            title=f"Announcement {i}",
            body="Text.",
            state=Announcement.State.PUBLISHED,
            publish_at=NOW - datetime.timedelta(minutes=i),
            pinned=i % 7 == 0,
            news_item=items[i] if i % 2 else None,
        )
        for i in range(n)
    )
    Announcement.brands.through.objects.bulk_create(
        Announcement.brands.through(announcement=announcement, brand=mentioned)
        for announcement in announcements
        for mentioned in (brand, other)
    )
    Announcement.categories.through.objects.bulk_create(
        Announcement.categories.through(announcement=announcement, productcategory=category)
        for announcement in announcements
    )
    counters.rebuild()  # rows written in bulk pass by the counters, as generate_demo_news's do
    return n


# Ranking by relevance is a full-text feature: one query more, on PostgreSQL only.
RANKING = 1 if connection.vendor == "postgresql" else 0


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the brands (with parent), their categories, the news counts
        ("/api/brands/", 3),
        ("/api/brands/?category=test-many-parent&kind=ecosystem", 3),
        # the brand, its categories, its aliases, its ties, the news counts
        ("/api/brands/test-many/", 5),
        ("/api/brands/xiaomi/", 5),
        # the count, the page (with sources), the items' brands, their categories
        ("/api/news/", 4),
        ("/api/news/?brand=test-many", 4),
        ("/api/news/?category=test-many-parent", 4),
        ("/api/news/?brand=test-many&category=test-many-child", 4),
        ("/api/news/?category=test-many-parent&since=2020-01-01", 4),
        # a search ranked by relevance first takes its candidates (PostgreSQL)
        ("/api/news/?q=xiaomi+many&brand=xiaomi", 4 + RANKING),
        # nothing matches: the count and the empty page; ranked, no candidate is
        # found and nothing more is asked
        ("/api/news/?q=小米", 1 if RANKING else 2),
        ("/api/news/?q=xiaomi&sort=newest", 4),
        # the announcements, their brands, their categories
        ("/api/announcements/", 3),
        ("/api/announcements/?brand=test-many", 3),
    ],
)
def test_each_endpoint_runs_the_same_queries_however_many_rows(
    client, django_assert_num_queries, many, url, queries
):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/brands/", 2),
        ("/api/brands/xiaomi/", 4),
        ("/api/news/?brand=test-many", 3),
        ("/api/news/?category=test-many-parent", 3),
    ],
)
def test_news_counts_are_counted_once_until_news_changes(
    client, django_assert_num_queries, many, url, queries
):
    client.get(url)
    with django_assert_num_queries(queries):  # one query fewer: the count is cached
        assert client.get(url).status_code == 200


def test_the_row_counts_behind_the_query_test_are_real(client, many):
    assert client.get("/api/news/").json()["count"] == many - many // 10
    assert client.get("/api/news/", {"brand": "test-many"}).json()["count"] == many - many // 10
    # the parent category counts the items of its sub-category
    for category in ("test-many-parent", "test-many-child"):
        response = client.get("/api/news/", {"category": category})
        assert response.json()["count"] == many - many // 10
    brand = client.get("/api/brands/test-many/").json()
    assert brand["news_count"] == many - many // 10 and brand["parent"] == "xiaomi"
    assert client.get("/api/announcements/", {"brand": "test-many"}).json()["count"] == many
