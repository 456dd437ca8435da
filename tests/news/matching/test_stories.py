"""Grouping is conservative: the same story groups, different stories never merge."""

import pytest

from ecosystem.news.matching.stories import same_story, title_words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Xiaomi 17 Ultra launches in Europe", "Xiaomi 17 Ultra launches in Europe today"),
        (
            "Roborock S9 MaxV Ultra robot vacuum announced",
            "Roborock announces S9 MaxV Ultra robot vacuum",
        ),
        ("小米发布新款智能手表", "小米发布新款智能手表，续航两周"),
    ],
)
def test_the_same_story_in_other_words_groups(a, b):
    assert same_story(title_words(a), title_words(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Redmi Note 13 Pro launches in India", "Redmi Note 14 Pro launches in India"),
        ("Xiaomi 17 Ultra launches in Europe", "Xiaomi 17 Ultra price cut in Europe"),
        ("Roborock reports quarterly results", "Roborock opens research centre"),
        ("Xiaomi 17 Ultra review: a great camera", "Xiaomi 17 Ultra launches in Europe"),
    ],
)
def test_different_stories_do_not_merge(a, b):
    assert not same_story(title_words(a), title_words(b))
