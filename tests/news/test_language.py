"""Each item's own language (ecosystem/news/language.py): right on short headlines, the
source's only when the text cannot tell."""

from collections import Counter
from pathlib import Path

import pytest

from ecosystem.news.language import detect, item_language

HEADLINES = Path(__file__).parent / "data" / "headline_languages.tsv"


def labelled_headlines() -> list[tuple[str, str]]:
    rows = []
    for line in HEADLINES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            language, headline = line.split("\t", 1)
            rows.append((language, headline))
    return rows


def test_the_labelled_set_has_at_least_150_headlines_in_english_german_and_chinese():
    counts = Counter(language for language, _ in labelled_headlines())
    assert sum(counts.values()) >= 150
    assert set(counts) == {"en", "de", "zh"} and min(counts.values()) >= 50


@pytest.mark.parametrize("language", ["en", "de", "zh"])
def test_at_least_95_percent_of_short_headlines_are_told_right(language):
    headlines = [text for code, text in labelled_headlines() if code == language]
    wrong = [(text, detect(text)) for text in headlines if detect(text) != language]
    assert len(wrong) <= 0.05 * len(headlines), wrong


def test_chinese_with_latin_model_names_is_chinese():
    assert detect("POCO F7 Pro下周降价开售") == "zh"
    assert detect("小米SU7 Ultra刷新纽北圈速纪录") == "zh"


def test_an_english_headline_quoting_a_chinese_name_stays_english():
    assert detect("Xiaomi (小米) opens its first flagship store in Paris") == "en"


def test_kana_means_japanese():
    assert detect("シャオミが新しいスマートフォンを発表") == "ja"


def test_neighbours_are_not_taken_for_english_or_german():
    assert detect("Xiaomi ouvre son premier magasin à Paris avec une grande fête") == "fr"
    assert detect("Xiaomi abre su primera tienda en Madrid este fin de semana") == "es"


def test_a_headline_in_capitals_is_read_as_text():
    assert detect("XIAOMI STELLT NEUEN SAUGROBOTER MIT WISCHFUNKTION VOR") == "de"


@pytest.mark.parametrize("text", ["", "Xiaomi 15", "Redmi K80 Pro", "小", "12345 !!!"])
def test_a_text_too_short_to_tell_says_nothing(text):
    assert detect(text) == ""


def test_the_source_language_stands_when_the_text_cannot_tell():
    assert item_language("Redmi K80 Pro", "", "de") == "de"


def test_the_summary_tells_when_the_title_cannot():
    summary = "Das neue Handy kommt mit einem größeren Akku und kostet weniger als erwartet."
    assert item_language("Redmi K80 Pro", summary, "en") == "de"


def test_the_text_wins_over_the_source_language():
    assert item_language("小米发布新款扫地机器人，售价1999元", "", "de") == "zh"
    assert item_language("Roborock stellt neuen Saugroboter vor", "", "en") == "de"


def test_the_source_tag_is_kept_whole_when_the_text_agrees():
    assert item_language("Roborock stellt neuen Saugroboter vor", "", "de-AT") == "de-AT"
    assert item_language("小米发布新款扫地机器人", "", "zh-Hans") == "zh-Hans"
