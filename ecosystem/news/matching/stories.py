"""Group items of different sources that report the same story.

How it decides, conservatively (a missed grouping shows one row too many; a
wrong one hides a story, so the rule errs towards not grouping):

- Two items can only be one story if they come from different sources, were
  published within STORY_WINDOW of each other and name exactly the same brands.
- Their titles must then agree: the Jaccard similarity of their word sets
  (lower-cased words, numbers and model names like "14", "F6", Chinese
  two-character chunks, with common filler words left out) must reach
  MIN_SIMILARITY, with at least MIN_SHARED words in common, and if either
  title carries a number or model name, they must share all of them (the
  Redmi Note 13 and the Redmi Note 14 are different stories).

An item joins the story of the first item it matches; the story's first item
is its anchor (NewsItem.story points to it) and "covered by N sources" counts
the sources of the anchor and its coverage.
"""

import datetime
import re

from ecosystem.news.models import Mention, NewsItem

STORY_WINDOW = datetime.timedelta(hours=48)
MIN_SIMILARITY = 0.6
MIN_SHARED = 3
MAX_CANDIDATES = 5000

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words too common to say two titles tell the same story (English, German, Chinese).
_FILLER_WORDS = """
    a an the and or of in on at to for with by from as is are be new its it this that
    der die das ein eine und oder mit von im am auf für ist sind neue neuen neues den dem des
    的 了 和 在 是
"""
_FILLER = frozenset(_FILLER_WORDS.split())


def title_words(title: str) -> frozenset[str]:
    words: set[str] = set()
    for token in _WORD.findall(title.casefold()):
        if _CJK.search(token):
            # Chinese has no spaces: compare overlapping two-character chunks.
            words.update(token[i : i + 2] for i in range(max(1, len(token) - 1)))
        elif token not in _FILLER:
            words.add(token)
    return frozenset(words)


def model_words(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if any(c.isdigit() for c in w))


def same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = a & b
    if len(shared) < MIN_SHARED or len(shared) / len(a | b) < MIN_SIMILARITY:
        return False
    return model_words(a) == model_words(b)


def assign_stories(items: list, brands_of: dict[int, frozenset[int]]) -> None:
    """Point each new item that repeats a story of another source at that story's anchor.

    `items` are NewsItems or any objects with their pk, source_id, title,
    published_at and story_id; `brands_of` maps their ids to the ids of the
    brands they name. Sets story_id on those that join a story.
    """
    items = [item for item in items if brands_of.get(item.pk)]
    if not items:
        return
    earliest = min(item.published_at for item in items) - STORY_WINDOW
    latest = max(item.published_at for item in items) + STORY_WINDOW
    all_brands = set().union(*(brands_of[item.pk] for item in items))
    # Not the new items' own sources: that leaves out the new items themselves (no
    # list of their ids to send) and items that none of them could join anyway.
    sources = {item.source_id for item in items}
    candidates = list(
        NewsItem.objects.filter(
            published_at__range=(earliest, latest), mentions__brand__in=all_brands
        )
        .exclude(source_id__in=sources)
        .distinct()
        .order_by("published_at", "pk")
        .only("pk", "source_id", "title", "published_at", "story_id")[:MAX_CANDIDATES]
    )
    candidate_brands: dict[int, set[int]] = {}
    for item_id, brand_id in Mention.objects.filter(
        news_item__in=[c.pk for c in candidates]
    ).values_list("news_item_id", "brand_id"):
        candidate_brands.setdefault(item_id, set()).add(brand_id)
    # Only items naming exactly the same brands are compared.
    by_brands: dict[frozenset[int], list[tuple[NewsItem, frozenset[str]]]] = {}
    for other in candidates:
        key = frozenset(candidate_brands.get(other.pk, ()))
        by_brands.setdefault(key, []).append((other, title_words(other.title)))

    changed = []
    for item in items:
        others = by_brands.get(brands_of[item.pk])
        if not others:
            continue
        mine = title_words(item.title)
        for other, theirs in others:
            if (
                other.source_id != item.source_id
                and abs(other.published_at - item.published_at) <= STORY_WINDOW
                and same_story(mine, theirs)
            ):
                item.story_id = other.story_id or other.pk
                changed.append(NewsItem(pk=item.pk, story_id=item.story_id))
                break
    NewsItem.objects.bulk_update(changed, ["story"])
