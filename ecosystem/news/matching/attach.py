"""Attach news items to the brands they name and the categories they belong to."""

from collections.abc import Container
from typing import Any

from ecosystem.news import counters
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Found, Matcher, Text
from ecosystem.news.models import Detachment, Mention, NewsItem

BATCH = 500


def match_item(
    title: str,
    summary: str,
    matcher: Matcher,
    categoriser: Categoriser,
    detached: Container[int] = frozenset(),
    content: str = "",
) -> tuple[list[Found], set[int]]:
    """(the brands an item names, but those in `detached`; its categories).

    `content` is the item's body (the feed's full content or the article page's text),
    when it has one besides the summary: a brand named only there needs more evidence
    (matcher.py).
    """
    text = Text(title, summary, content)
    found = [hit for hit in matcher.find(text) if hit.brand_id not in detached]
    return found, categoriser.categories_in(text, {hit.brand_id for hit in found})


def attach(
    items: list[NewsItem],
    summaries: list[str],
    matcher: Matcher,
    categoriser: Categoriser,
    *,
    replace: bool,
    contents: list[str] | None = None,
) -> dict[int, frozenset[int]]:
    """Match `items` (with their plain-text `summaries` and, when given, `contents`: their
    bodies) and store mentions and categories.

    With `replace`, what matching found before is removed first; mentions that
    editors attached stay, their copy of the item's date brought up to date, and
    brands that editors detached from an item (a Detachment) are not attached
    again. Without it, the items must be new ones.
    Returns the ids of the brands each item names. Replacing keeps the news
    counters right; new items are counted by the caller once they are complete.
    """
    contents = contents if contents is not None else [""] * len(items)
    if not replace:
        return _attach(items, summaries, contents, matcher, categoriser, replace=False)
    with counters.recounting(item.pk for item in items):
        return _attach(items, summaries, contents, matcher, categoriser, replace=True)


def _attach(
    items: list[NewsItem],
    summaries: list[str],
    contents: list[str],
    matcher: Matcher,
    categoriser: Categoriser,
    *,
    replace: bool,
) -> dict[int, frozenset[int]]:
    detached: dict[int, set[int]] = {}  # a new item has no detachments yet
    if replace:
        Mention.objects.filter(news_item__in=items).exclude(
            matched_in=Mention.Field.EDITOR
        ).delete()
        # The feed may have moved the item's date since the editor attached the brand.
        Mention.objects.filter(news_item__in=items).refresh_dates()
        NewsItem.categories.through.objects.filter(newsitem__in=items).delete()
        for item_id, brand_id in Detachment.objects.filter(news_item__in=items).values_list(
            "news_item_id", "brand_id"
        ):
            detached.setdefault(item_id, set()).add(brand_id)
    mentions: list[Mention] = []
    categories: list[Any] = []  # rows of NewsItem.categories.through, a class without a name
    brands_of: dict[int, frozenset[int]] = {}
    for item, summary, content in zip(items, summaries, contents, strict=True):
        found, category_ids = match_item(
            item.title, summary, matcher, categoriser, detached.get(item.pk, frozenset()), content
        )
        brands_of[item.pk] = frozenset(hit.brand_id for hit in found)
        mentions.extend(
            Mention(
                news_item=item,
                brand_id=hit.brand_id,
                alias=hit.alias[:100],
                matched_in=hit.field,
                published_at=item.published_at,
                hidden=item.hidden,
            )
            for hit in found
        )
        categories.extend(
            NewsItem.categories.through(newsitem_id=item.pk, productcategory_id=category_id)
            for category_id in category_ids
        )
    # An editor's mention of the same brand wins over the automatic one.
    Mention.objects.bulk_create(mentions, batch_size=BATCH, ignore_conflicts=True)
    NewsItem.categories.through.objects.bulk_create(categories, batch_size=BATCH)
    return brands_of
