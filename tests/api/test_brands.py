"""/api/brands/ and /api/brands/<slug>/: every brand with its facts, filters, ties and aliases."""

import datetime

import pytest

from ecosystem.brands.models import Brand, Tie
from tests.factories import AliasFactory, BrandFactory, CategoryFactory, TieFactory
from tests.support import BRAND_FIELDS, news, slugs

pytestmark = pytest.mark.django_db


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
