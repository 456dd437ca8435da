"""The numbers behind the home page's and a brand page's charts (ecosystem/pages/volume.py)."""

import datetime

import pytest
from django.utils import timezone, translation

from ecosystem.brands.models import Brand
from ecosystem.pages import volume
from tests.factories import SourceFactory, bulk_news

pytestmark = pytest.mark.django_db


def news(slug, count, *, days_ago=0):
    bulk_news(
        count,
        brands=[Brand.objects.get(slug=slug)],
        source=SourceFactory(),
        start=timezone.now() - datetime.timedelta(days=days_ago, hours=1),
    )


def test_the_overview_charts_a_year_of_weeks_the_shares_and_the_trends():
    news("roborock", 6, days_ago=1)
    news("xiaomi", 3, days_ago=100)

    overview = volume.overview()

    assert len(overview["weekly"].bars) == volume.WEEKS
    assert overview["weekly"].total == 9
    assert [(share.name, share.count) for share in overview["shares"]] == [
        ("Roborock", 6),
        ("Xiaomi", 3),
    ]
    # Six items this week against nothing before: Roborock is trending, Xiaomi is not.
    assert [trend.brand.slug for trend in overview["trends"]] == ["roborock"]


def test_a_brand_chart_counts_that_brand_only():
    news("roborock", 4, days_ago=8)
    news("xiaomi", 2, days_ago=8)

    chart = volume.of_brand(Brand.objects.get(slug="roborock"))

    assert chart.total == 4
    assert len(chart.bars) == volume.WEEKS


def test_the_counts_are_kept_once_and_drawn_in_each_language(settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    news("xiaomi", 2, days_ago=3)
    with translation.override("en"):
        english = volume.overview()["weekly"].bars[-1].label

    with translation.override("de"), django_assert_num_queries(0):
        german = volume.overview()["weekly"].bars[-1].label

    assert english.startswith("Week of")
    assert german.startswith("Woche ab")
