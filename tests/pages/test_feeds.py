"""The Atom feeds of a brand's and a category's news (ecosystem/pages/feeds.py), read the
way a feed reader reads them."""

import datetime

import pytest
from lxml import etree

from ecosystem.brands.models import Brand, ProductCategory, Tie
from tests.factories import (
    BrandFactory,
    MentionFactory,
    NewsItemFactory,
    SourceFactory,
    TieFactory,
    bulk_news,
)

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def read_feed(client, url):
    """(the feed's title, its link, [{"title", "link", "id", "summary"}, ...] in order)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    entries = [
        {
            "title": entry.findtext("atom:title", namespaces=ATOM),
            "link": entry.find("atom:link", ATOM).get("href"),
            "id": entry.findtext("atom:id", namespaces=ATOM),
            "summary": entry.findtext("atom:summary", namespaces=ATOM),
        }
        for entry in root.findall("atom:entry", ATOM)
    ]
    return (
        root.findtext("atom:title", namespaces=ATOM),
        root.find("atom:link", ATOM).get("href"),
        entries,
    )


def titles(entries):
    return [entry["title"] for entry in entries]


def naming(brand, title, *, minutes_ago=0, **fields):
    item = NewsItemFactory(
        title=title, published_at=NOON - datetime.timedelta(minutes=minutes_ago), **fields
    )
    MentionFactory(news_item=item, brand=brand)
    return item


def test_atom_feeds_follow_a_brand_and_a_category(client):
    roborock = Brand.objects.get(slug="roborock")
    vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    bulk_news(3, brands=[roborock], categories=[vacuums])
    for url in ("/brands/roborock/feed/", "/categories/robot-vacuums/feed/"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        assert response.content.decode().count("<entry>") == 3


def test_a_brand_feed_gives_each_item_of_the_brand_newest_first(client):
    roborock = Brand.objects.get(slug="roborock")
    older = naming(
        roborock,
        "Roborock Saros Z70 review",
        minutes_ago=60,
        url="https://gadgets.example.com/saros-z70",
        summary="<p>The arm <b>works</b>.</p>",
    )
    newer = naming(roborock, "Roborock results", url="https://news.example.com/results")
    naming(Brand.objects.get(slug="dreame"), "Dreame X50 launches")

    title, link, entries = read_feed(client, "/brands/roborock/feed/")

    assert title == "Roborock — Xiaomi Ecosystem Tracker"
    assert link == "http://testserver/brands/roborock/"
    assert entries == [
        {
            "title": "Roborock results",
            "link": "https://news.example.com/results",
            "id": f"tag:testserver,2024:news/{newer.pk}",
            "summary": "",
        },
        {
            "title": "Roborock Saros Z70 review",
            "link": "https://gadgets.example.com/saros-z70",
            "id": f"tag:testserver,2024:news/{older.pk}",
            "summary": "<p>The arm <b>works</b>.</p>",  # the stored, sanitised HTML
        },
    ]


def test_an_item_without_a_link_points_to_the_news_page(client):
    naming(Brand.objects.get(slug="yeelight"), "Yeelight without a link", url="")
    _, _, entries = read_feed(client, "/brands/yeelight/feed/")
    assert [entry["link"] for entry in entries] == ["http://testserver/news/"]


def test_a_brand_feed_rolls_up_the_brands_tied_to_it_only_when_asked(client):
    xiaomi = Brand.objects.get(slug="xiaomi")
    former_partner = BrandFactory(name="Acme")
    TieFactory(brand=former_partner, target=xiaomi, type=Tie.Type.FORMER_PARTNER_OF)
    naming(xiaomi, "Xiaomi 17 launches", minutes_ago=10)
    naming(Brand.objects.get(slug="redmi"), "Redmi Note 15 launches")  # a sub-brand
    naming(Brand.objects.get(slug="dreame"), "Dreame X50 launches", minutes_ago=5)  # invested in
    naming(former_partner, "Acme news")  # a former partner is not rolled up

    _, _, own = read_feed(client, "/brands/xiaomi/feed/")
    _, _, rolled_up = read_feed(client, "/brands/xiaomi/feed/?include=tied")

    assert titles(own) == ["Xiaomi 17 launches"]
    assert titles(rolled_up) == [
        "Redmi Note 15 launches",
        "Dreame X50 launches",
        "Xiaomi 17 launches",
    ]


def test_a_story_covered_by_several_sources_is_one_entry_in_a_brand_feed(client):
    roborock = Brand.objects.get(slug="roborock")
    first = naming(roborock, "Roborock opens a factory", minutes_ago=10)
    naming(roborock, "Roborock opens a factory in Huizhou", story=first, source=SourceFactory())
    _, _, entries = read_feed(client, "/brands/roborock/feed/")
    assert titles(entries) == ["Roborock opens a factory"]


def test_a_category_feed_includes_its_sub_categories_and_nothing_else(client):
    appliances = ProductCategory.objects.get(slug="home-appliances")
    vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    assert vacuums.parent == appliances
    NewsItemFactory(title="A vacuum", published_at=NOON).categories.set([vacuums])
    NewsItemFactory(
        title="An appliance", published_at=NOON - datetime.timedelta(hours=1)
    ).categories.set([appliances])
    NewsItemFactory(title="A phone", published_at=NOON).categories.set(
        [ProductCategory.objects.get(slug="smartphones")]
    )

    title, link, parent_entries = read_feed(client, "/categories/home-appliances/feed/")
    _, _, child_entries = read_feed(client, "/categories/robot-vacuums/feed/")

    assert title == f"{appliances.name} — Xiaomi Ecosystem Tracker"
    assert link == "http://testserver/categories/home-appliances/"
    assert titles(parent_entries) == ["A vacuum", "An appliance"]
    assert titles(child_entries) == ["A vacuum"]


def test_hidden_items_are_in_no_feed(client):
    roborock = Brand.objects.get(slug="roborock")
    vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    shown = naming(roborock, "Roborock shown", minutes_ago=1)
    hidden = naming(roborock, "Roborock hidden", hidden=True)
    for item in (shown, hidden):
        item.categories.set([vacuums])

    for url in (
        "/brands/roborock/feed/",
        "/brands/xiaomi/feed/?include=tied",
        "/categories/robot-vacuums/feed/",
        "/categories/home-appliances/feed/",
    ):
        assert titles(read_feed(client, url)[2]) == ["Roborock shown"], url


def test_a_feed_holds_the_newest_30_items(client):
    dreame = Brand.objects.get(slug="dreame")
    bulk_news(35, brands=[dreame], start=NOON)  # "Bulk story 0" is the newest
    _, _, entries = read_feed(client, "/brands/dreame/feed/")
    assert titles(entries) == [f"Bulk story {n}" for n in range(30)]


@pytest.mark.parametrize("url", ["/brands/no-such-brand/feed/", "/categories/no-such/feed/"])
def test_the_feed_of_an_unknown_brand_or_category_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_each_entry_says_its_own_language(client):
    roborock = Brand.objects.get(slug="roborock")
    source = SourceFactory(language="de")
    naming(roborock, "Roborock stellt neuen Saugroboter vor", source=source, language="de")
    naming(roborock, "石头发布新款扫地机器人", source=source, language="zh", minutes_ago=1)
    root = etree.fromstring(client.get("/brands/roborock/feed/").content)
    languages = {
        entry.findtext("atom:title", namespaces=ATOM): entry.get(
            "{http://www.w3.org/XML/1998/namespace}lang"
        )
        for entry in root.findall("atom:entry", ATOM)
    }
    assert languages == {
        "Roborock stellt neuen Saugroboter vor": "de",
        "石头发布新款扫地机器人": "zh",
    }
