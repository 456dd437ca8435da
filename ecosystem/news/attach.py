"""Attach news items to the brands they name and the categories they belong to."""

from ecosystem.news.categorise import Categoriser
from ecosystem.news.matching import Matcher, Text
from ecosystem.news.models import Detachment, Mention, NewsItem

BATCH = 500


def attach(
    items: list[NewsItem],
    summaries: list[str],
    matcher: Matcher,
    categoriser: Categoriser,
    *,
    replace: bool,
) -> dict[int, frozenset[int]]:
    """Match `items` (with their plain-text `summaries`) and store mentions and categories.

    With `replace`, what matching found before is removed first; mentions that
    editors attached stay, and brands that editors detached from an item (a
    Detachment) are not attached again. Without it, the items must be new ones.
    Returns the ids of the brands each item names.
    """
    detached = set()  # a new item has no detachments yet
    if replace:
        Mention.objects.filter(news_item__in=items).exclude(
            matched_in=Mention.Field.EDITOR
        ).delete()
        NewsItem.categories.through.objects.filter(newsitem__in=items).delete()
        detached = set(
            Detachment.objects.filter(news_item__in=items).values_list("news_item_id", "brand_id")
        )
    mentions, categories, brands_of = [], [], {}
    for item, summary in zip(items, summaries, strict=True):
        text = Text(item.title, summary)
        found = [hit for hit in matcher.find(text) if (item.pk, hit.brand_id) not in detached]
        brands_of[item.pk] = frozenset(hit.brand_id for hit in found)
        mentions.extend(
            Mention(
                news_item=item,
                brand_id=hit.brand_id,
                alias=hit.alias[:100],
                matched_in=hit.field,
                published_at=item.published_at,
            )
            for hit in found
        )
        categories.extend(
            NewsItem.categories.through(newsitem_id=item.pk, productcategory_id=category_id)
            for category_id in categoriser.categories_in(text, brands_of[item.pk])
        )
    # An editor's mention of the same brand wins over the automatic one.
    Mention.objects.bulk_create(mentions, batch_size=BATCH, ignore_conflicts=True)
    NewsItem.categories.through.objects.bulk_create(categories, batch_size=BATCH)
    return brands_of
