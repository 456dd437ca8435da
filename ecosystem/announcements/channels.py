"""Official channels: the items of a brand's own newsroom are also its announcements.

The store only writes a job (in its own transaction, so it cannot be lost); the
announcements are made by the job, outside the store, so that a slow or failing
announcement never holds up or undoes the news. Making them is idempotent: an
item that has its announcement already is skipped.
"""

from typing import Any

from django.dispatch import receiver

from ecosystem.announcements.models import Announcement
from ecosystem.core import outbox
from ecosystem.news.ingestion.store import items_stored
from ecosystem.news.models import NewsItem, Source

ANNOUNCE = "announcements.official"


@receiver(items_stored)
def announce_official_news(sender: Any, source: Source, items: list[Any], **kwargs: Any) -> None:
    if not source.official_for_id or not items:
        return
    outbox.enqueue(ANNOUNCE, brand_id=source.official_for_id, item_ids=[item.pk for item in items])


@outbox.job(ANNOUNCE)
def announce(*, brand_id: int, item_ids: list[int]) -> None:
    """One published announcement for `brand_id` per item that has none yet."""
    items = (
        NewsItem.objects.filter(pk__in=item_ids, announcement__isnull=True)
        .only("pk", "title", "summary", "published_at")
        .order_by("pk")
    )
    for item in items:
        announcement = Announcement.objects.create(
            slug=f"feed-{item.pk}",
            title=item.title[:300],
            body=item.summary,
            state=Announcement.State.PUBLISHED,
            publish_at=item.published_at,
            news_item_id=item.pk,
        )
        announcement.brands.add(brand_id)
