"""The filters of the news list (ecosystem/pages/filters.py): whole days, served by an index."""

import datetime

import pytest

from ecosystem.news.models import NewsItem
from ecosystem.pages.filters import NewsFilter
from tests.factories import NewsItemFactory
from tests.support import plan_at_scale

pytestmark = pytest.mark.django_db


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


def titles(params):
    news = NewsFilter(params, queryset=NewsItem.objects.order_by("-published_at", "-pk"))
    assert news.is_valid(), news.errors
    return [item.title for item in news.qs]


def test_from_and_to_are_whole_days_in_utc():
    NewsItemFactory(title="before", published_at=at("2026-03-01T23:59:59"))
    NewsItemFactory(title="first", published_at=at("2026-03-02T00:00:00"))
    NewsItemFactory(title="last", published_at=at("2026-03-05T23:59:59"))
    NewsItemFactory(title="after", published_at=at("2026-03-06T00:00:00"))

    assert titles({"since": "2026-03-02", "until": "2026-03-05"}) == ["last", "first"]


def test_the_last_possible_day_is_no_error():
    NewsItemFactory(title="any")
    assert titles({"until": "9999-12-31"}) == ["any"]


@pytest.mark.postgres
def test_a_date_filter_walks_the_date_index():
    NewsItemFactory.create_batch(3)
    news = NewsFilter({"until": "1990-01-01"}, queryset=NewsItem.objects.visible())
    plan = plan_at_scale(news.qs.order_by("-published_at", "-pk")[:20])
    assert "newsitem_newest_idx" in plan, plan
