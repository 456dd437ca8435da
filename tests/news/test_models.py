"""The database itself refuses duplicate news and impossible sources."""

import datetime

import pytest

from ecosystem.news.models import NewsItem
from tests.factories import BrandFactory, MentionFactory, NewsItemFactory, SourceFactory
from tests.support import plan_at_scale, rejected

pytestmark = pytest.mark.django_db


def test_one_news_item_per_source_and_guid():
    source = SourceFactory()
    NewsItemFactory(source=source, guid="abc")
    assert rejected(lambda: NewsItemFactory(source=source, guid="abc"))
    assert not rejected(lambda: NewsItemFactory(source=SourceFactory(), guid="abc"))


def test_feed_urls_are_unique():
    SourceFactory(url="https://example.com/feed")
    assert rejected(lambda: SourceFactory(url="https://example.com/feed"))


def test_a_source_interval_minimum_is_not_above_its_maximum():
    assert rejected(
        lambda: SourceFactory(
            min_interval=datetime.timedelta(hours=2), max_interval=datetime.timedelta(hours=1)
        )
    )


def test_a_brand_is_mentioned_once_per_item():
    mention = MentionFactory()
    assert rejected(lambda: MentionFactory(news_item=mention.news_item, brand=mention.brand))


def test_for_brand_lists_the_newest_first():
    brand = BrandFactory()
    now = datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)
    old, new = (
        NewsItemFactory(published_at=now - datetime.timedelta(days=2)),
        NewsItemFactory(published_at=now),
    )
    unrelated = NewsItemFactory(published_at=now)
    for item in (old, new):
        MentionFactory(news_item=item, brand=brand)
    MentionFactory(news_item=unrelated)
    assert list(NewsItem.objects.for_brand(brand)) == [new, old]


@pytest.mark.postgres
def test_newest_news_of_a_brand_is_read_from_its_index():
    brand = BrandFactory()
    MentionFactory.create_batch(3, brand=brand)
    plan = plan_at_scale(NewsItem.objects.for_brand(brand)[:20], sort=False)
    assert "mention_brand_newest_idx" in plan, plan


def test_search_finds_every_word_in_titles_and_summaries():
    hit = NewsItemFactory(title="Roborock Saugroboter im Test", summary="<p>Sehr gründlich</p>")
    NewsItemFactory(title="Roborock annual report")
    assert list(NewsItem.objects.search("roborock gründlich")) == [hit]
    assert list(NewsItem.objects.search("SAUGROBOTER")) == [hit]


@pytest.mark.postgres
def test_search_is_served_by_the_full_text_index():
    NewsItemFactory.create_batch(3)
    plan = plan_at_scale(NewsItem.objects.search("xiaomi"))
    assert "newsitem_search_vector_idx" in plan, plan


def test_stories_count_the_sources_that_covered_them():
    anchor = NewsItemFactory()
    NewsItemFactory(story=anchor)
    NewsItemFactory(story=anchor)
    lone = NewsItemFactory()
    counts = {item.pk: item.source_count for item in NewsItem.objects.stories()}
    assert counts == {anchor.pk: 3, lone.pk: 1}


def test_a_storys_count_is_what_its_page_lists():
    anchor = NewsItemFactory()
    NewsItemFactory(story=anchor, source=anchor.source)  # the same source again
    NewsItemFactory(story=anchor, hidden=True)  # an editor hid it: not on the page
    NewsItemFactory(story=anchor)
    counts = {item.pk: item.source_count for item in NewsItem.objects.stories()}
    assert counts == {anchor.pk: 2}
