"""Items of different sources that report the same news group into one story
(ecosystem.news.matching.stories); different news about the same product stays apart."""

import datetime
import itertools

import pytest

from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.matching.stories import (
    STORY_WINDOW,
    Entry,
    StoryIndex,
    same_story,
    shingles,
)
from tests.news.matching.story_set import CROSS_LANGUAGE, LANGUAGE, STORIES, Item

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 8, tzinfo=datetime.UTC)


def group(stories: dict[str, list[Item]], matcher: Matcher) -> list[tuple[str, int, int]]:
    """(story key, item id, story id found) for every item, fed in the order published."""
    items = sorted(
        (
            (hours, key, source, title, summary)
            for key, rows in stories.items()
            for source, hours, title, summary in rows
        ),  # fmt: skip
    )
    index = StoryIndex()
    found = []
    for pk, (hours, key, source, title, summary) in enumerate(items, start=1):
        brands = frozenset(hit.brand_id for hit in matcher.match(title, summary))
        entry = Entry(pk, source, START + datetime.timedelta(hours=hours), brands,
                      shingles(title, summary))  # fmt: skip
        [signature] = StoryIndex.signatures([entry])
        if brands:
            entry.story_id = index.story_of(entry, signature)
        index.add([entry], [signature])
        found.append((key, pk, entry.story_id or pk))
    return found


def pairwise(found, same_pair=lambda a, b: True) -> tuple[float, float, int]:
    """(precision, recall, true pairs) of "same story" over the pairs `same_pair` keeps."""
    true_pos = false_pos = false_neg = 0
    for (key_a, _, story_a), (key_b, _, story_b) in itertools.combinations(found, 2):
        if not same_pair(key_a, key_b):
            continue
        truth, guess = key_a == key_b, story_a == story_b
        true_pos += truth and guess
        false_pos += guess and not truth
        false_neg += truth and not guess
    return (
        true_pos / max(1, true_pos + false_pos),
        true_pos / max(1, true_pos + false_neg),
        (true_pos + false_neg),
    )


def family(key: str) -> str:
    """Stories about the same product: "note14/sale" and "note14/review"."""
    return key.rsplit("/", 1)[0] if key.count("/") > (key[:3] in ("de/", "zh/")) else key


def test_the_labelled_set_has_enough_pairs_and_hard_negatives():
    same = sum(len(rows) * (len(rows) - 1) // 2 for rows in STORIES.values())
    hard = sum(
        len(STORIES[a]) * len(STORIES[b])
        for a, b in itertools.combinations(STORIES, 2)
        if family(a) == family(b)
    )
    print(f"\n{same} pairs of one story, {hard} hard negative pairs")
    assert same >= 140 and hard >= 120
    assert set(LANGUAGE.values()) == {"en", "de", "zh"}


def test_same_language_stories_group_with_precision_and_recall(django_db_setup):
    found = group(STORIES, Matcher.from_database())
    precision, recall, pairs = pairwise(found, lambda a, b: LANGUAGE[a] == LANGUAGE[b])
    print(f"\nsame-language story pairs ({pairs}): precision {precision:.3f}, recall {recall:.3f}")
    for language in ("en", "de", "zh"):
        p, r, n = pairwise(found, lambda a, b, lang=language: LANGUAGE[a] == LANGUAGE[b] == lang)
        print(f"  {language} ({n} pairs): precision {p:.3f}, recall {r:.3f}")
    assert precision >= 0.9
    assert recall >= 0.85


def test_the_cross_language_figure_is_reported():
    found = group(CROSS_LANGUAGE, Matcher.from_database())
    language_of = {}
    for key, rows in CROSS_LANGUAGE.items():
        for row in rows:
            language_of[(key, row[2])] = next(
                LANGUAGE[k] for k, items in STORIES.items() if row in items
            )
    precision, recall, pairs = pairwise(found)
    print(f"\ncross-language set ({pairs} pairs): precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9  # what is grouped across languages is still right


def test_hard_negatives_stay_apart():
    for a, b in [
        ("Redmi Note 14 goes on sale in India", "Redmi Note 14 Pro review"),
        ("Redmi Note 13 Pro launches in India", "Redmi Note 14 Pro launches in India"),
        ("Xiaomi 17 Ultra launches in Europe", "Xiaomi 17 Ultra teardown shows a vapour chamber"),
        ("Roborock reports quarterly results", "Roborock opens research centre"),
    ]:
        assert not same_story(shingles(a), shingles(b)), (a, b)


def test_the_same_news_in_other_words_groups():
    for a, b in [
        ("Xiaomi 17 Ultra launches in Europe", "Xiaomi 17 Ultra launches in Europe today"),
        (
            "Roborock S9 MaxV Ultra robot vacuum announced",
            "Roborock announces S9 MaxV Ultra robot vacuum",
        ),
        ("小米发布新款智能手表", "小米发布新款智能手表，续航两周"),
        ("XIAOMI SU7 DELIVERIES", "Xiaomi SU7 deliveries"),  # the same title, whatever the case
    ]:
        assert same_story(shingles(a), shingles(b)), (a, b)


def entry(pk, source, hours, title, brands=frozenset({1})):
    return Entry(pk, source, START + datetime.timedelta(hours=hours), brands, shingles(title))


def story_of(index: StoryIndex, new: Entry) -> int | None:
    [signature] = StoryIndex.signatures([new])
    return index.story_of(new, signature)


def test_only_other_sources_within_the_window_sharing_a_brand_count():
    index = StoryIndex()
    index.add([entry(1, 1, 0, "Xiaomi 17 Ultra launches in Europe")])
    assert story_of(index, entry(2, 2, 5, "Xiaomi 17 Ultra launches in Europe today")) == 1
    assert story_of(index, entry(3, 1, 5, "Xiaomi 17 Ultra launches in Europe today")) is None
    late = STORY_WINDOW.total_seconds() / 3600 + 1
    assert story_of(index, entry(4, 2, late, "Xiaomi 17 Ultra launches in Europe today")) is None
    other_brand = entry(5, 2, 5, "Xiaomi 17 Ultra launches in Europe today", frozenset({2}))
    assert story_of(index, other_brand) is None


def test_an_item_joins_the_anchor_of_the_story_it_resembles():
    index = StoryIndex()
    first = entry(1, 1, 0, "Xiaomi 17 Ultra launches in Europe")
    second = entry(2, 2, 1, "Xiaomi 17 Ultra launches in Europe at 1,499 euros")
    second.story_id = 1
    index.add([first, second])
    assert story_of(index, entry(3, 3, 2, "Xiaomi 17 Ultra launches in Europe at 1,499 euros")) == 1
