"""The weekly news volume per brand behind the home page's chart (ecosystem/pages/volume.py)."""

import datetime

import pytest

from ecosystem.brands.models import Brand
from ecosystem.pages.volume import weekly_volume
from tests.factories import SourceFactory, bulk_news

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC)  # a Wednesday
THIS_WEEK = datetime.date(2026, 3, 2)  # its Monday


def news(brand, count, *, weeks_ago=0, hidden=False):
    items = bulk_news(
        count,
        brands=[Brand.objects.get(slug=brand)],
        source=SourceFactory(),
        start=NOW - datetime.timedelta(weeks=weeks_ago, hours=1),
    )
    if hidden:
        for item in items:
            item.hidden = True
            item.save()


def test_no_news_draws_no_chart():
    assert weekly_volume(now=NOW) == []


def test_the_busiest_brands_come_first_with_twelve_weekly_bars_the_oldest_first():
    news("dreame", 3)
    news("dreame", 1, weeks_ago=2)
    news("roborock", 1)

    chart = weekly_volume(now=NOW)

    assert [(row["brand"].slug, row["total"]) for row in chart] == [("dreame", 4), ("roborock", 1)]
    for row in chart:
        assert [bar["week"] for bar in row["bars"]] == [
            THIS_WEEK - datetime.timedelta(weeks=n) for n in range(11, -1, -1)
        ]
        assert [bar["x"] for bar in row["bars"]] == [16 * n for n in range(12)]
    dreame, roborock = chart
    assert [bar["count"] for bar in dreame["bars"]] == [0] * 9 + [1, 0, 3]
    assert [bar["count"] for bar in roborock["bars"]] == [0] * 11 + [1]


def test_bars_are_scaled_to_the_busiest_week_of_any_brand():
    news("dreame", 3)
    news("dreame", 1, weeks_ago=2)
    news("roborock", 1)

    dreame, roborock = weekly_volume(now=NOW)

    # 40 px for the peak (3 items), a third of it for one item, nothing for none.
    assert (dreame["bars"][-1]["height"], dreame["bars"][-1]["y"]) == (40.0, 0.0)
    assert (dreame["bars"][-3]["height"], dreame["bars"][-3]["y"]) == (13.3, 26.7)
    assert (dreame["bars"][-2]["height"], dreame["bars"][-2]["y"]) == (0.0, 40.0)
    assert roborock["bars"][-1]["height"] == 13.3


def test_hidden_items_and_news_older_than_twelve_weeks_do_not_count():
    news("dreame", 2)
    news("dreame", 5, hidden=True)
    news("dreame", 7, weeks_ago=12)  # the Monday of the oldest bar is 11 weeks back
    news("yeelight", 4, weeks_ago=13)

    chart = weekly_volume(now=NOW)

    assert [(row["brand"].slug, row["total"]) for row in chart] == [("dreame", 2)]
    assert [bar["count"] for bar in chart[0]["bars"]] == [0] * 11 + [2]


def test_an_item_naming_two_brands_counts_for_each():
    bulk_news(
        2, brands=[Brand.objects.get(slug="dreame"), Brand.objects.get(slug="roborock")], start=NOW
    )
    assert {row["brand"].slug: row["total"] for row in weekly_volume(now=NOW)} == {
        "dreame": 2,
        "roborock": 2,
    }


def test_only_the_requested_number_of_brands_is_drawn():
    news("dreame", 3)
    news("roborock", 2)
    news("yeelight", 1)
    assert [row["brand"].slug for row in weekly_volume(brands=2, now=NOW)] == [
        "dreame",
        "roborock",
    ]
