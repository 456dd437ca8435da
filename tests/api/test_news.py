"""/api/news/: its shape, filters, search, paging and errors, and the indexes it reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.brands.models import Brand
from tests.factories import BrandFactory, CategoryFactory, SourceFactory
from tests.support import NOW, ids, news

pytestmark = pytest.mark.django_db


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
                "story": item.pk,
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


def test_every_item_of_a_story_carries_the_id_of_its_first_item(client):
    anchor = news(title="Xiaomi 17 Ultra launches", published_at=NOW)
    coverage = news(title="Xiaomi 17 Ultra is out", published_at=NOW, source=SourceFactory())
    coverage.story = anchor
    coverage.save()
    alone = news(title="Roborock results", published_at=NOW)
    stories = {row["id"]: row["story"] for row in client.get("/api/news/").json()["results"]}
    assert stories == {anchor.pk: anchor.pk, coverage.pk: anchor.pk, alone.pk: alone.pk}


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
    # The next page is found by a cursor (where this one ended), not by an offset.
    assert f"brand={brand.slug}" in first["next"] and "after=" in first["next"]
    assert "page=" not in first["next"]

    second = client.get(first["next"]).json()
    assert second["count"] == 45
    assert len(second["results"]) == 20 and "after=" in second["next"]
    last = client.get(second["next"]).json()
    assert len(last["results"]) == 5
    assert last["next"] is None

    shown = [row["id"] for page in (first, second, last) for row in page["results"]]
    assert shown == [item.pk for item in items]


def test_a_page_asked_by_number_still_answers_and_leads_on_by_cursor(client):
    items = [news(published_at=NOW - datetime.timedelta(minutes=n)) for n in range(45)]

    second = client.get("/api/news/", {"page": 2}).json()

    assert [row["id"] for row in second["results"]] == [item.pk for item in items[20:40]]
    third = client.get(second["next"]).json()
    assert [row["id"] for row in third["results"]] == [item.pk for item in items[40:]]


def test_a_cursor_that_no_page_gave_is_a_validation_error(client):
    response = client.get("/api/news/", {"after": "yesterday~1"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "after"]


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
    # Newest first, the count is of every match; ranked, of the candidates it chose.
    plan = _plan_of_query(client, {"q": "xiaomi", "sort": "newest"}, "COUNT(")
    assert "newsitem_search_vector_idx" in plan, plan


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


def test_a_search_that_asks_too_much_is_a_validation_error(client):
    response = client.get("/api/news/", {"q": " ".join(["a"] * 99) + " 米"})

    assert response.status_code == 422
    assert "at most 12 words" in response.json()["detail"][0]["msg"]


def test_pages_deeper_than_the_limit_are_refused_with_a_reason(client):
    response = client.get("/api/news/", {"page": 101})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]
