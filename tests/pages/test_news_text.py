"""The template filters of news rows (ecosystem/pages/templatetags/news_text.py)."""

import datetime

import pytest
from django.utils import translation

from ecosystem.pages.templatetags.news_text import excerpt, time_ago

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def test_an_excerpt_is_plain_text_with_entities_decoded_and_cut_at_a_word():
    assert excerpt("<p>Roborock &amp; Dreame <b>ship</b> mops</p>", 16) == "Roborock &…"
    assert excerpt("<p>Short.</p>") == "Short."
    assert excerpt("小米汽车正式发布第二款车型", 6) == "小米汽车正式…"


@pytest.mark.parametrize(
    ("ago", "english", "german", "chinese"),
    [
        (datetime.timedelta(seconds=20), "just now", "gerade eben", "刚刚"),
        (datetime.timedelta(minutes=1), "1 minute ago", "vor 1 Minute", "1 分钟前"),
        (datetime.timedelta(hours=3, minutes=5), "3 hours ago", "vor 3 Stunden", "3 小时前"),
        (datetime.timedelta(days=1, hours=2), "1 day ago", "vor 1 Tag", "1 天前"),
        (datetime.timedelta(days=12), "November 19", "19. November", "11月19日"),
        (datetime.timedelta(days=400), "Oct. 27, 2025", "27. Oktober 2025", "2025年10月27日"),
    ],
)
def test_a_time_reads_as_a_person_says_it_in_each_language(ago, english, german, chinese):
    moment = NOW - ago
    for language, expected in (("en", english), ("de", german), ("zh-hans", chinese)):
        with translation.override(language):
            assert time_ago(moment, NOW) == expected, language
