"""News volume over time, share of voice and the trending rule (ecosystem/news/trends.py)."""

import datetime

import pytest

from ecosystem.news import trends
from tests.factories import BrandFactory, MentionFactory

pytestmark = pytest.mark.django_db

# A Wednesday, so "this week" and "the last seven days" differ.
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


def _news(brand, count, *, days_ago, hidden=False):
    for n in range(count):
        MentionFactory(
            brand=brand,
            news_item__published_at=NOW - datetime.timedelta(days=days_ago, minutes=n),
            news_item__hidden=hidden,
        )


def test_weekly_counts_cover_every_week_oldest_first_with_zeros_for_quiet_weeks():
    brand = BrandFactory()
    _news(brand, 3, days_ago=0)  # this week (Monday 23 November)
    _news(brand, 2, days_ago=14)  # the week of 9 November
    _news(brand, 4, days_ago=1, hidden=True)  # hidden items are not counted

    weeks = trends.weekly_counts(4, brand=brand, now=NOW)

    assert weeks == [
        (datetime.date(2026, 11, 2), 0),
        (datetime.date(2026, 11, 9), 2),
        (datetime.date(2026, 11, 16), 0),
        (datetime.date(2026, 11, 23), 3),
    ]


def test_weekly_counts_of_all_brands_add_up_every_mention():
    _news(BrandFactory(), 2, days_ago=0)
    _news(BrandFactory(), 5, days_ago=0)

    assert trends.weekly_counts(1, now=NOW) == [(datetime.date(2026, 11, 23), 7)]


def test_a_brand_well_above_its_usual_level_is_trending():
    usual, surging, new = BrandFactory(name="Steady"), BrandFactory(name="Surging"), BrandFactory()
    for week in range(1, 9):
        _news(usual, 4, days_ago=7 * week + 1)
        _news(surging, 1, days_ago=7 * week + 1)
    _news(usual, 6, days_ago=2)  # 1.5 times its usual four a week: not trending
    _news(surging, 6, days_ago=2)  # six times its usual one a week
    _news(new, 4, days_ago=2)  # new, but below the minimum of five

    found = trends.trending(now=NOW)

    assert [t.brand for t in found] == [surging]
    assert found[0].this_week == 6
    assert found[0].usual == 1
    assert found[0].factor == 6


def test_the_trend_rule_needs_a_handful_of_items_and_three_times_the_usual():
    brand = BrandFactory()
    for week in range(1, 9):
        _news(brand, 2, days_ago=7 * week + 1)
    _news(brand, 5, days_ago=1)  # 2.5 times the usual two

    assert trends.trending(now=NOW) == []

    _news(brand, 1, days_ago=1)  # now 3 times

    assert [t.this_week for t in trends.trending(now=NOW)] == [6]


def test_share_of_voice_lists_the_most_named_brands_and_the_rest_together():
    big, middle, small = BrandFactory(), BrandFactory(), BrandFactory()
    _news(big, 5, days_ago=3)
    _news(middle, 3, days_ago=30)
    _news(small, 1, days_ago=100)
    _news(small, 9, days_ago=400)  # older than a year

    assert trends.share_of_voice(top=2, now=NOW) == [(big, 5), (middle, 3), (None, 1)]
