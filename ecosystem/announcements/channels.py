"""Official channels: the items of a brand's own newsroom are also its announcements."""

from typing import Any

from django.dispatch import receiver

from ecosystem.announcements.models import Announcement
from ecosystem.news.ingestion.store import items_stored
from ecosystem.news.models import Source


@receiver(items_stored)
def announce_official_news(sender: Any, source: Source, items: list[Any], **kwargs: Any) -> None:
    if not source.official_for_id:
        return
    for item in items:
        announcement = Announcement.objects.create(
            slug=f"feed-{item.pk}",
            title=item.title[:300],
            body=item.summary,
            state=Announcement.State.PUBLISHED,
            publish_at=item.published_at,
            news_item_id=item.pk,
        )
        announcement.brands.add(source.official_for_id)
