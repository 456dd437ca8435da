"""The maintained news counters (ecosystem/news/counters.py) equal a recount after
every write path: the feed store, hiding and showing, saving an item, re-matching,
editors' mentions, categories, deletes, generate_demo_news and the rebuild command."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db.models import Count, F
from django.db.models.functions import TruncDate

from ecosystem.brands.models import Alias, Brand, ProductCategory
from ecosystem.news import counters
from ecosystem.news.ingestion.store import store_entries
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import DailyMentions, Mention, NewsCount, NewsItem, Source
from tests.factories import MentionFactory, NewsItemFactory, SourceFactory, editor
from tests.news.ingestion.test_store import entry
from tests.news.test_admin import ITEMS, curation_data, item_url

pytestmark = pytest.mark.django_db


def recount() -> dict:
    """Every figure the counters keep, counted from the news itself."""
    visible = NewsItem.objects.visible()
    mentions = Mention.objects.filter(news_item__hidden=False).order_by()
    by_day = (
        mentions.annotate(day=TruncDate("published_at", tzinfo=datetime.UTC))
        .values_list("brand", "day")
        .annotate(n=Count("pk"))
    )
    by_brand = mentions.values_list("brand").annotate(n=Count("pk"))
    by_category = {
        category.pk: visible.for_category(category.pk).count()
        for category in ProductCategory.objects.all()
    }
    return {
        "all": visible.count(),
        "brands": dict(by_brand),
        "categories": {pk: n for pk, n in by_category.items() if n},
        "days": {(brand, day): n for brand, day, n in by_day},
    }


def maintained() -> dict:
    totals = NewsCount.objects.exclude(items=0)
    return {
        "all": counters.items_in_all(),
        "brands": dict(totals.filter(scope="brand").values_list("ref", "items")),
        "categories": dict(totals.filter(scope="category").values_list("ref", "items")),
        "days": {
            (brand, day): n
            for brand, day, n in DailyMentions.objects.exclude(mentions=0).values_list(
                "brand", "day", "mentions"
            )
        },
    }


def assert_counters_right():
    assert maintained() == recount()
    # ... and every mention carries its item's "hidden"
    assert not Mention.objects.exclude(hidden=F("news_item__hidden")).exists()


def store(source, entries):
    return store_entries(
        source, entries, matcher=Matcher.from_database(), categoriser=Categoriser.from_database()
    )


@pytest.fixture
def editor_client(client):
    client.force_login(editor())
    return client


@pytest.fixture
def stored():
    """A feed's items naming Roborock, Dreame and Xiaomi, on several days, in categories."""
    source = SourceFactory()
    store(
        source,
        [
            entry(1, "Roborock and Dreame launch new robot vacuums"),
            entry(
                2,
                "Xiaomi 15 Ultra review",
                published_at=entry(2).published_at - datetime.timedelta(days=3),
            ),
            entry(
                3,
                "Dreame air purifier",
                published_at=entry(3).published_at - datetime.timedelta(days=40),
            ),
            entry(4, "Weather news"),
        ],
    )
    return source


def item(n):
    return NewsItem.objects.get(guid=f"guid-{n}")


def test_the_store_counts_what_it_writes(stored):
    assert counters.items_in_all() == 4
    roborock = Brand.objects.get(slug="roborock")
    assert counters.items_of_brand(roborock.pk) == 1
    robot_vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    assert counters.items_in_category(robot_vacuums.pk) == 1
    assert_counters_right()


def test_the_store_recounts_an_item_it_updates(stored):
    moved = entry(
        1,
        "Roborock only, a week later",
        published_at=entry(1).published_at - datetime.timedelta(days=7),
    )
    store(stored, [moved])
    assert_counters_right()


def test_hiding_and_showing_in_the_admin(editor_client, stored):
    hidden = [item(1).pk, item(2).pk]
    editor_client.post(ITEMS, {"action": "hide", ACTION_CHECKBOX_NAME: hidden})
    assert counters.items_in_all() == 2
    assert_counters_right()

    editor_client.post(ITEMS, {"action": "unhide", ACTION_CHECKBOX_NAME: hidden})
    assert counters.items_in_all() == 4
    assert_counters_right()


def test_saving_an_item_hidden_or_on_another_day(stored):
    first = item(1)
    first.hidden = True
    first.save()
    assert_counters_right()

    first.hidden = False
    first.published_at -= datetime.timedelta(days=30)
    first.save()
    assert_counters_right()


def test_rematching_after_an_alias_changed(stored):
    Alias.objects.create(brand=Brand.objects.get(slug="dreame"), text="Weather")
    rematch_all()
    assert counters.items_of_brand(Brand.objects.get(slug="dreame").pk) == 3
    assert_counters_right()


def test_an_editors_detaching_and_attaching(editor_client, stored):
    matched = item(1)
    editor_client.post(item_url(matched), curation_data(matched, detach={"roborock"}))
    assert_counters_right()

    editor_client.post(
        item_url(matched), curation_data(matched, attach=[Brand.objects.get(slug="xiaomi")])
    )
    assert_counters_right()


def test_mentions_and_categories_through_the_orm(stored):
    MentionFactory(news_item=item(4), brand=Brand.objects.get(slug="xiaomi"))
    item(4).categories.add(ProductCategory.objects.get(slug="robot-vacuums"))
    assert_counters_right()

    item(4).categories.clear()
    Mention.objects.filter(news_item=item(4)).delete()
    ProductCategory.objects.get(slug="smartphones").news_items.add(item(3))
    assert_counters_right()

    ProductCategory.objects.get(slug="robot-vacuums").news_items.clear()
    assert_counters_right()


def test_moving_or_deleting_a_category(stored, django_capture_on_commit_callbacks):
    vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    with django_capture_on_commit_callbacks(execute=True):
        vacuums.parent = ProductCategory.objects.get(slug="smart-home")
        vacuums.save()
    assert_counters_right()

    with django_capture_on_commit_callbacks(execute=True):
        vacuums.delete()
    assert_counters_right()


def test_deleting_items_and_sources(stored):
    item(1).delete()
    assert_counters_right()

    NewsItem.objects.filter(guid="guid-2").delete()
    assert_counters_right()

    other = SourceFactory()
    store(other, [entry(10, "Roborock elsewhere"), entry(11, "Dreame elsewhere")])
    Source.objects.filter(pk=other.pk).delete()
    assert_counters_right()

    stored.delete()
    assert counters.items_in_all() == 0
    assert_counters_right()


def test_items_made_one_by_one_count():
    NewsItemFactory(hidden=True)
    MentionFactory(news_item__hidden=True)
    MentionFactory(brand=Brand.objects.get(slug="xiaomi"))
    assert_counters_right()


def test_generate_demo_news_and_the_rebuild_command():
    call_command("generate_demo_news", "--items", "300", "--seed", "3", stdout=None)
    assert_counters_right()

    NewsCount.objects.update(items=0)
    DailyMentions.objects.all().delete()
    call_command("rebuild_counters", stdout=None)
    assert_counters_right()
