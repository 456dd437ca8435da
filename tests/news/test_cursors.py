"""Keyset paging over news listings (ecosystem/news/cursors.py)."""

import datetime

import pytest

from ecosystem.brands.models import Brand
from ecosystem.news.cursors import BadCursor, make_cursor, page_of, parse_cursor
from ecosystem.news.models import NewsItem
from tests.factories import SourceFactory, bulk_news

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


def all_pages(queryset):
    shown, cursor = [], None
    while True:
        rows, cursor = page_of(queryset, cursor)
        shown += [row.pk for row in rows]
        if cursor is None:
            return shown


def test_a_brands_news_pages_through_every_item_once_even_items_naming_two_brands():
    xiaomi, redmi = Brand.objects.get(slug="xiaomi"), Brand.objects.get(slug="redmi")
    items = bulk_news(45, brands=[xiaomi, redmi], source=SourceFactory(), start=NOW)

    shown = all_pages(NewsItem.objects.for_brand(xiaomi))

    assert shown == [item.pk for item in items]  # newest first, none twice


def test_all_news_pages_newest_first():
    items = bulk_news(30, start=NOW)
    assert all_pages(NewsItem.objects.all()) == [item.pk for item in items]


def test_a_cursor_names_the_last_row_shown():
    [item] = bulk_news(1, start=NOW)
    assert parse_cursor(make_cursor(item)) == (item.published_at, item.pk)


@pytest.mark.parametrize("cursor", ["yesterday~1", "2026-01-01T00:00:00~0", "2026-01-01~x", "~"])
def test_a_cursor_no_page_gave_is_refused(cursor):
    with pytest.raises(BadCursor):
        parse_cursor(cursor)
