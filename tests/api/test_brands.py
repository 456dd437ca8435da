"""The JSON API at /api/: its shapes, filters, paging and errors, and a fixed number of queries."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, Tie
from ecosystem.news.models import Mention, NewsItem
from tests.factories import (
    AliasFactory,
    AnnouncementFactory,
    BrandFactory,
    CategoryFactory,
    MentionFactory,
    NewsItemFactory,
    SourceFactory,
    TieFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
BRAND_FIELDS = {
    "slug",
    "name",
    "native_name",
    "kind",
    "parent",
    "categories",
    "website",
    "news_count",
}


def news(*, brands=(), categories=(), **fields):
    """A news item naming `brands`, in `categories`."""
    fields.setdefault("published_at", NOW)
    item = NewsItemFactory(**fields)
    for brand in brands:
        MentionFactory(news_item=item, brand=brand)
    item.categories.set(categories)
    return item


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def ids(response):
    return [row["id"] for row in response.json()["results"]]


# --- /api/brands/ ------------------------------------------------------------


def test_the_brand_list_gives_every_brand_with_its_fields(client):
    response = client.get("/api/brands/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"]) == Brand.objects.count()
    assert all(set(row) == BRAND_FIELDS for row in body["results"])
    redmi = next(row for row in body["results"] if row["slug"] == "redmi")
    assert redmi["kind"] == "sub_brand"
    assert redmi["parent"] == "xiaomi"
    assert redmi["native_name"] == "红米"
    assert redmi["categories"] == ["smartphones"]


def test_a_listed_brand_shows_its_own_facts(client):
    category = CategoryFactory(slug="test-kettles")
    brand = BrandFactory(
        slug="kettleco",
        name="KettleCo",
        native_name="水壶",
        kind=Brand.Kind.ECOSYSTEM,
        website="https://kettle.example.com/",
    )
    brand.categories.set([category])
    response = client.get("/api/brands/", {"category": "test-kettles"})
    assert response.json() == {
        "count": 1,
        "results": [
            {
                "slug": "kettleco",
                "name": "KettleCo",
                "native_name": "水壶",
                "kind": "ecosystem",
                "parent": None,
                "categories": ["test-kettles"],
                "website": "https://kettle.example.com/",
                "news_count": 0,
            }
        ],
    }


def test_a_brands_parent_is_the_target_of_its_current_sub_brand_or_subsidiary_tie(client):
    owner, former_owner, investor = BrandFactory.create_batch(3)
    subsidiary, sub_brand, invested, independent = BrandFactory.create_batch(4)
    TieFactory(brand=subsidiary, type=Tie.Type.SUBSIDIARY_OF, target=owner)
    TieFactory(
        brand=subsidiary,
        type=Tie.Type.SUB_BRAND_OF,
        target=former_owner,
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2015, 1, 1),
    )
    TieFactory(brand=sub_brand, type=Tie.Type.SUB_BRAND_OF, target=owner)
    TieFactory(brand=invested, type=Tie.Type.INVESTED_IN_BY, target=investor)
    parents = {row["slug"]: row["parent"] for row in client.get("/api/brands/").json()["results"]}
    assert parents[subsidiary.slug] == owner.slug
    assert parents[sub_brand.slug] == owner.slug
    assert parents[invested.slug] is None
    assert parents[independent.slug] is None
    assert parents[owner.slug] is None


def test_news_count_counts_the_visible_items_that_mention_the_brand(client):
    brand, other = BrandFactory.create_batch(2)
    news(brands=[brand])
    news(brands=[brand, other])
    news(brands=[brand], hidden=True)
    news(brands=[other])
    counts = {
        row["slug"]: row["news_count"] for row in client.get("/api/brands/").json()["results"]
    }
    assert counts[brand.slug] == 2
    assert counts[other.slug] == 2


def test_filtering_brands_by_category_includes_its_sub_categories(client):
    appliances = CategoryFactory(slug="test-appliances")
    vacuums = CategoryFactory(slug="test-vacuums", parent=appliances)
    phones = CategoryFactory(slug="test-phones")
    in_parent, in_child, in_both, elsewhere = BrandFactory.create_batch(4)
    in_parent.categories.set([appliances])
    in_child.categories.set([vacuums])
    in_both.categories.set([appliances, vacuums])
    elsewhere.categories.set([phones])

    response = client.get("/api/brands/", {"category": "test-appliances"})
    assert sorted(slugs(response)) == sorted([in_parent.slug, in_child.slug, in_both.slug])
    assert response.json()["count"] == 3
    assert sorted(slugs(client.get("/api/brands/", {"category": "test-vacuums"}))) == sorted(
        [in_child.slug, in_both.slug]
    )


def test_filtering_seeded_brands_by_category(client):
    assert "roborock" in slugs(client.get("/api/brands/", {"category": "robot-vacuums"}))
    assert "yeelight" in slugs(client.get("/api/brands/", {"category": "smart-lighting"}))


def test_filtering_brands_by_kind(client):
    response = client.get("/api/brands/", {"kind": "sub_brand"})
    expected = Brand.objects.filter(kind=Brand.Kind.SUB_BRAND).values_list("slug", flat=True)
    assert sorted(slugs(response)) == sorted(expected)
    assert "redmi" in slugs(response) and "roborock" not in slugs(response)


def test_category_and_kind_filters_combine(client):
    category = CategoryFactory()
    wanted = BrandFactory(kind=Brand.Kind.SUB_BRAND)
    other_kind = BrandFactory(kind=Brand.Kind.ECOSYSTEM)
    for brand in (wanted, other_kind):
        brand.categories.set([category])
    response = client.get("/api/brands/", {"category": category.slug, "kind": "sub_brand"})
    assert slugs(response) == [wanted.slug]


def test_an_unknown_category_gives_no_brands(client):
    assert client.get("/api/brands/", {"category": "no-such-category"}).json() == {
        "count": 0,
        "results": [],
    }


def test_an_unknown_kind_is_refused_with_a_readable_422(client):
    response = client.get("/api/brands/", {"kind": "conglomerate"})
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "kind"]
    assert "sub_brand" in problem["msg"]


# --- /api/brands/<slug>/ -----------------------------------------------------


def test_a_brand_gives_its_facts_ties_and_aliases(client):
    category = CategoryFactory(slug="test-fans")
    owner = BrandFactory(slug="test-owner")
    investor = BrandFactory(slug="test-investor")
    label = BrandFactory(slug="test-label")
    brand = BrandFactory(
        slug="breezy",
        name="Breezy",
        native_name="微风",
        kind=Brand.Kind.SUBSIDIARY,
        founded=2014,
        headquarters="Shenzhen, China",
        website="https://breezy.example.com/",
        ticker="SSE: 600000",
        description="Makes fans.",
    )
    brand.categories.set([category])
    TieFactory(
        brand=brand, type=Tie.Type.SUBSIDIARY_OF, target=owner, since=datetime.date(2016, 5, 1)
    )
    TieFactory(
        brand=brand,
        type=Tie.Type.INVESTED_IN_BY,
        target=investor,
        since=datetime.date(2015, 1, 1),
        until=datetime.date(2018, 6, 1),
    )
    TieFactory(brand=label, type=Tie.Type.SUB_BRAND_OF, target=brand)
    AliasFactory(brand=brand, text="Breezy", language="en")
    AliasFactory(brand=brand, text="微风科技", language="zh")
    news(brands=[brand])

    response = client.get("/api/brands/breezy/")
    assert response.status_code == 200
    assert response.json() == {
        "slug": "breezy",
        "name": "Breezy",
        "native_name": "微风",
        "kind": "subsidiary",
        "parent": "test-owner",
        "categories": ["test-fans"],
        "website": "https://breezy.example.com/",
        "news_count": 1,
        "founded": 2014,
        "headquarters": "Shenzhen, China",
        "ticker": "SSE: 600000",
        "description": "Makes fans.",
        "ties": [
            {
                "type": "invested_in_by",
                "direction": "outgoing",
                "brand": "test-investor",
                "since": "2015-01-01",
                "until": "2018-06-01",
            },
            {
                "type": "sub_brand_of",
                "direction": "incoming",
                "brand": "test-label",
                "since": None,
                "until": None,
            },
            {
                "type": "subsidiary_of",
                "direction": "outgoing",
                "brand": "test-owner",
                "since": "2016-05-01",
                "until": None,
            },
        ],
        "aliases": [
            {"text": "Breezy", "language": "en"},
            {"text": "微风科技", "language": "zh"},
        ],
    }


def test_a_tie_reads_the_same_from_either_side(client):
    redmi = client.get("/api/brands/redmi/").json()
    xiaomi = client.get("/api/brands/xiaomi/").json()
    assert {
        "type": "sub_brand_of",
        "direction": "outgoing",
        "brand": "xiaomi",
        "since": "2019-01-10",
        "until": None,
    } in redmi["ties"]
    assert {
        "type": "sub_brand_of",
        "direction": "incoming",
        "brand": "redmi",
        "since": "2019-01-10",
        "until": None,
    } in xiaomi["ties"]


def test_a_brand_without_ties_or_aliases_gives_empty_lists(client):
    brand = BrandFactory()
    body = client.get(f"/api/brands/{brand.slug}/").json()
    assert body["ties"] == [] and body["aliases"] == [] and body["founded"] is None


@pytest.mark.parametrize("slug", ["no-such-brand", "red%20mi", "%00", "%E7%BA%A2%E7%B1%B3"])
def test_an_unknown_brand_is_a_json_404(client, slug):
    response = client.get(f"/api/brands/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "No brand with the slug" in response.json()["detail"]


# --- /api/news/ --------------------------------------------------------------


def test_a_news_item_gives_its_fields(client):
    source = SourceFactory(name="Gizmo Daily")
    redmi = Brand.objects.get(slug="redmi")
    category = CategoryFactory(slug="test-phones")
    item = news(
        source=source,
        title="Redmi Note 15 launches",
        url="https://gizmo.example.com/redmi-note-15",
        summary="<p>A <strong>cheap</strong> phone.</p>",
        language="en",
        published_at=datetime.datetime(2026, 2, 1, 8, 30, tzinfo=datetime.UTC),
        brands=[redmi],
        categories=[category],
    )
    assert client.get("/api/news/").json() == {
        "count": 1,
        "next": None,
        "results": [
            {
                "id": item.pk,
                "title": "Redmi Note 15 launches",
                "url": "https://gizmo.example.com/redmi-note-15",
                "summary": "<p>A <strong>cheap</strong> phone.</p>",
                "published_at": "2026-02-01T08:30:00Z",
                "source": "Gizmo Daily",
                "language": "en",
                "brands": ["redmi"],
                "categories": ["test-phones"],
            }
        ],
    }


def test_news_comes_newest_first_and_same_time_by_highest_id(client):
    old = news(published_at=NOW - datetime.timedelta(days=1))
    first_at_noon = news(published_at=NOW)
    second_at_noon = news(published_at=NOW)
    newest = news(published_at=NOW + datetime.timedelta(minutes=1))
    assert ids(client.get("/api/news/")) == [newest.pk, second_at_noon.pk, first_at_noon.pk, old.pk]


def test_hidden_news_items_are_absent(client):
    shown = news()
    news(hidden=True, brands=[Brand.objects.get(slug="xiaomi")])
    assert ids(client.get("/api/news/")) == [shown.pk]
    assert client.get("/api/news/", {"brand": "xiaomi"}).json()["count"] == 0


def test_an_items_brands_are_its_stored_mentions_without_roll_up(client):
    redmi = Brand.objects.get(slug="redmi")
    item = news(brands=[redmi])
    [row] = client.get("/api/news/").json()["results"]
    assert row["id"] == item.pk and row["brands"] == ["redmi"]
    assert client.get("/api/news/", {"brand": "xiaomi"}).json()["count"] == 0


def test_filtering_news_by_brand(client):
    roborock, dreame = Brand.objects.get(slug="roborock"), Brand.objects.get(slug="dreame")
    older = news(brands=[roborock], published_at=NOW - datetime.timedelta(hours=1))
    both = news(brands=[roborock, dreame])
    news(brands=[dreame])
    news()
    response = client.get("/api/news/", {"brand": "roborock"})
    assert ids(response) == [both.pk, older.pk]
    assert response.json()["count"] == 2
    assert sorted(response.json()["results"][0]["brands"]) == ["dreame", "roborock"]


def test_filtering_news_by_category_includes_its_sub_categories(client):
    appliances = CategoryFactory(slug="test-appliances")
    vacuums = CategoryFactory(slug="test-vacuums", parent=appliances)
    in_parent = news(categories=[appliances], published_at=NOW - datetime.timedelta(hours=2))
    in_child = news(categories=[vacuums], published_at=NOW - datetime.timedelta(hours=1))
    in_both = news(categories=[appliances, vacuums])
    news(categories=[CategoryFactory()])
    response = client.get("/api/news/", {"category": "test-appliances"})
    assert ids(response) == [in_both.pk, in_child.pk, in_parent.pk]
    assert response.json()["count"] == 3
    assert ids(client.get("/api/news/", {"category": "test-vacuums"})) == [in_both.pk, in_child.pk]


def test_brand_and_category_filters_combine(client):
    brand, category = BrandFactory(), CategoryFactory()
    hit = news(brands=[brand], categories=[category])
    news(brands=[brand])
    news(categories=[category])
    response = client.get("/api/news/", {"brand": brand.slug, "category": category.slug})
    assert ids(response) == [hit.pk]


@pytest.mark.parametrize(
    "params", [{"brand": "no-such-brand"}, {"category": "no-such-category"}], ids=str
)
def test_an_unknown_brand_or_category_gives_no_news(client, params):
    news(brands=[Brand.objects.get(slug="xiaomi")])
    response = client.get("/api/news/", params)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "results": []}


@pytest.fixture
def searchable():
    return {
        "english": news(title="Roborock unveils a new robot vacuum"),
        "german": news(
            title="Roborock Saugroboter im Test",
            summary="<p>Sehr gründlich, auch in der Küche.</p>",
        ),
        "chinese": news(title="石头科技发布新款扫地机器人", summary="<p>小米生态链企业</p>"),
        "other": news(title="Xiaomi annual report", summary="<p>Revenue grew.</p>"),
    }


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("vacuum", ["english"]),
        ("ROBOROCK", ["english", "german"]),
        ("Saugroboter", ["german"]),
        ("gründlich", ["german"]),
        ("Küche", ["german"]),
        ("roborock gründlich", ["german"]),
        ("revenue", ["other"]),
        ("扫地机器人", ["chinese"]),
        ("小米", ["chinese"]),
        ("nothing-like-this", []),
    ],
)
def test_search_finds_every_word_in_titles_and_summaries(client, searchable, q, found):
    response = client.get("/api/news/", {"q": q})
    assert sorted(ids(response)) == sorted(searchable[name].pk for name in found)


def test_a_blank_search_filters_nothing(client, searchable):
    assert client.get("/api/news/", {"q": "   "}).json()["count"] == len(searchable)


def test_since_keeps_the_items_published_at_or_after_it(client):
    before = news(published_at=datetime.datetime(2026, 2, 28, 23, 59, tzinfo=datetime.UTC))
    at_midnight = news(published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    at_noon = news(published_at=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))

    def found(since):
        response = client.get("/api/news/", {"since": since})
        assert response.status_code == 200, response.content
        return ids(response)

    assert found("2026-03-01") == [at_noon.pk, at_midnight.pk]
    assert found("2026-03-01T12:00:00Z") == [at_noon.pk]
    assert found("2026-03-01T13:00:00+01:00") == [at_noon.pk]
    assert found("2026-03-01T12:00:01") == []
    assert found("2026-02-28") == [at_noon.pk, at_midnight.pk, before.pk]


def test_pages_hold_20_items_and_next_leads_to_the_rest(client):
    brand = BrandFactory()
    items = [
        news(brands=[brand], published_at=NOW - datetime.timedelta(minutes=n)) for n in range(45)
    ]
    news()  # not the brand's: the filter must survive paging

    first = client.get("/api/news/", {"brand": brand.slug}).json()
    assert first["count"] == 45 and len(first["results"]) == 20
    assert first["next"].startswith("http://testserver/api/news/?")
    assert f"brand={brand.slug}" in first["next"] and "page=2" in first["next"]

    second = client.get(first["next"]).json()
    assert len(second["results"]) == 20 and "page=3" in second["next"]
    last = client.get(second["next"]).json()
    assert len(last["results"]) == 5
    assert last["next"] is None

    shown = [row["id"] for page in (first, second, last) for row in page["results"]]
    assert shown == [item.pk for item in items]


def test_a_single_page_has_no_next(client):
    news()
    assert client.get("/api/news/").json()["next"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-02-30"}, "since"),
        ({"since": "0001-01-01T00:00:00+05:00"}, "since"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "999999999999"}, "page"),
        ({"page": "9" * 40}, "page"),
        ({"q": "x" * 201}, "q"),
        ({"q": "xiaomi\x00"}, "q"),
        ({"brand": "xiaomi\x00"}, "brand"),
    ],
    ids=repr,
)
def test_bad_news_parameters_are_refused_with_a_readable_422(client, params, field):
    news()
    response = client.get("/api/news/", params)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", field]
    assert problem["msg"]


def test_a_page_past_the_last_one_says_which_is_the_last(client):
    for _ in range(21):
        news()
    assert client.get("/api/news/", {"page": "2"}).status_code == 200
    response = client.get("/api/news/", {"page": "3"})
    assert response.status_code == 422
    assert "last page is 2" in response.json()["detail"][0]["msg"]


def test_empty_parameters_count_as_absent(client):
    item = news()
    response = client.get("/api/news/?brand=&category=&q=&since=&page=")
    assert response.status_code == 200
    assert ids(response) == [item.pk]


@pytest.mark.postgres
def test_brand_news_is_read_from_the_brand_index(client):
    brand = BrandFactory()
    for _ in range(3):
        news(brands=[brand])
    plan = _plan_of_query(client, {"brand": brand.slug}, "ORDER BY")
    assert "mention_brand_newest_idx" in plan, plan


@pytest.mark.postgres
def test_search_is_served_by_the_full_text_index(client):
    news(title="Xiaomi news")
    plan = _plan_of_query(client, {"q": "xiaomi"}, "COUNT(")
    assert "newsitem_search_idx" in plan, plan


def _plan_of_query(client, params, marker):
    """PostgreSQL's plan for the first query of a news request whose SQL contains `marker`."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/news/", params).status_code == 200
    sql = next(query["sql"] for query in queries.captured_queries if marker in query["sql"])
    with connection.cursor() as cursor:
        # With a handful of rows a sequential scan is cheaper; forbid it to see
        # which index the planner would use at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Likewise an explicit sort of a few rows; the index gives the order at scale.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


# --- /api/announcements/ -----------------------------------------------------


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
                "publish_at": "2026-01-05T09:00:00Z",
                "pinned": False,
                "brands": ["test-brand-a"],
                "categories": ["test-cat-a"],
                "from_feed": False,
            }
        ],
    }


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


# --- a fixed number of queries -----------------------------------------------


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
    return n


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
        ("/api/news/?category=test-many-parent&since=2020-01-01", 4),
        ("/api/news/?q=xiaomi+many&brand=xiaomi", 4),
        ("/api/news/?q=小米", 2),  # nothing matches: the count and the empty page
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
    [("/api/brands/", 2), ("/api/brands/xiaomi/", 4), ("/api/news/?brand=test-many", 3)],
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
    brand = client.get("/api/brands/test-many/").json()
    assert brand["news_count"] == many - many // 10 and brand["parent"] == "xiaomi"
    assert client.get("/api/announcements/", {"brand": "test-many"}).json()["count"] == many


# --- schema and docs ---------------------------------------------------------


def test_the_openapi_schema_lists_the_four_endpoints_and_their_shapes(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/brands/",
        "/api/brands/{slug}/",
        "/api/news/",
        "/api/announcements/",
    }
    components = schema["components"]["schemas"]
    assert set(components["BrandOut"]["properties"]) == BRAND_FIELDS
    assert {"ties", "aliases", "founded"} <= set(components["BrandDetail"]["properties"])
    assert set(components["TieOut"]["properties"]) == {
        "type",
        "direction",
        "brand",
        "since",
        "until",
    }
    assert set(components["NewsPage"]["properties"]) == {"count", "next", "results"}
    assert "from_feed" in components["AnnouncementOut"]["properties"]
    news_params = {p["name"] for p in schema["paths"]["/api/news/"]["get"]["parameters"]}
    assert news_params == {"brand", "category", "q", "since", "page"}


def test_the_docs_page_answers_and_loads_only_our_own_scripts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts
    for attributes in scripts:
        # Either a file of ours or an inert JSON data block: nothing inline runs.
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(asset), asset
