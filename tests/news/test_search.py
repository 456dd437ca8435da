"""Search in English, German and Chinese (ecosystem/news/search.py and NewsItemQuerySet.search)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from ecosystem.news.ingestion.pipeline import ingest_bytes
from ecosystem.news.models import NewsItem
from ecosystem.news.search import (
    MAX_TERMS,
    QueryError,
    SearchQuery,
    highlight,
    normalise,
    segment,
)
from tests.factories import NewsItemFactory, SourceFactory
from tests.support import plan_at_scale


def item(title, summary="", language="en", hours_ago=0, body=""):
    return NewsItemFactory(
        title=title,
        summary=summary,
        body=body,
        source__language=language,
        language=language,
        published_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


def found(query):
    return set(NewsItem.objects.search(query).values_list("title", flat=True))


# --- Reading text and queries (no database) -------------------------------------------


def test_chinese_is_split_into_words_and_so_are_model_names_glued_to_it():
    words = segment("小米汽车SU7发布，石头扫地机器人降价").split()

    assert {"小米", "汽车", "SU7", "发布", "扫地", "机器人", "降价"} <= set(words)
    assert "，" not in words


def test_text_without_chinese_needs_no_words_of_its_own():
    assert segment("Xiaomi opens a store") == ""
    assert segment("<p>小米<b>手机</b></p>", html=True).split() == ["小米", "手机"]


def test_a_query_is_normalised():
    assert normalise("  ＳＵ７\x00   launch\t ") == "SU7 launch"
    assert SearchQuery.parse("小米汽车SU7").tsquery_text == "小米 汽车 SU7"


@pytest.mark.parametrize(
    "raw",
    [
        " ".join(f"w{n}" for n in range(MAX_TERMS + 1)),  # too many words
        "x" * 41,  # a word too long
        "小 米 汽 车 发",  # five runs of Chinese characters
        "a" * 201,
    ],
)
def test_a_query_that_asks_too_much_is_refused_with_a_reason(raw):
    with pytest.raises(QueryError) as error:
        SearchQuery.parse(raw)
    assert "at most" in str(error.value)


def test_excluded_and_quoted_chinese_stays_together():
    assert SearchQuery.parse("手机 -小米饭").tsquery_text == '手机 -"小米饭"'
    assert SearchQuery.parse("手机 -小米汽车").tsquery_text == '手机 -"小米 汽车"'
    # A quoted phrase of Chinese is matched as all of its words.
    assert SearchQuery.parse('"扫地机器人"').tsquery_text == "扫地 机器人"


def test_highlighting_marks_whole_words_sharing_a_stem_and_escapes_everything_else():
    query = SearchQuery.parse("robots 小米")

    marked = highlight("<b>Robot</b> vacuum: Robotics & 小米手机", query)

    # "Robotics" shares the stem "robot", as it does in PostgreSQL's English search.
    assert marked == (
        "&lt;b&gt;<mark>Robot</mark>&lt;/b&gt; vacuum: <mark>Robotics</mark> &amp; "
        "<mark>小米</mark>手机"
    )


def test_excluded_words_are_not_highlighted():
    assert highlight("Xiaomi and Redmi", SearchQuery.parse("xiaomi -redmi")) == (
        "<mark>Xiaomi</mark> and Redmi"
    )


# --- PostgreSQL: the full behaviour ----------------------------------------------------

postgres = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.postgres
@pytest.mark.django_db
class TestOnPostgreSQL:
    def test_a_plural_finds_the_singular_in_english(self):
        item("Roborock launches a new robot vacuum")
        assert found("robots") == {"Roborock launches a new robot vacuum"}

    def test_german_inflection_is_found(self):
        item("Neue Saugroboter von Dreame", language="de")
        assert found("Saugrobotern") == {"Neue Saugroboter von Dreame"}

    def test_a_chinese_word_inside_a_longer_run_is_found(self):
        item("石头科技扫地机器人降价", language="zh")
        assert found("机器人") == {"石头科技扫地机器人降价"}
        assert found("扫地机器人") == {"石头科技扫地机器人降价"}

    def test_a_latin_model_name_glued_to_chinese_is_found(self):
        item("小米汽车SU7正式发布", language="zh")
        assert found("SU7") == {"小米汽车SU7正式发布"}
        assert found("小米汽车SU7") == {"小米汽车SU7正式发布"}

    def test_one_search_box_finds_all_three_languages(self):
        item("Xiaomi phone review")
        item("Xiaomi Handy im Test", language="de")
        item("Xiaomi 手机评测", language="zh")
        assert len(found("xiaomi")) == 3

    def test_a_word_only_in_the_body_is_found_below_one_in_a_title(self):
        item("Robot vacuums compared", body="The Saugroboter from Dreame mops under sofas.")
        item("Dreame mops under sofas", hours_ago=5)
        item("扫地机器人横评", language="zh", body="云鲸的拖布可以自动抬升。")
        assert found("sofas") == {"Robot vacuums compared", "Dreame mops under sofas"}
        ranked = NewsItem.objects.search("sofas").ranked(SearchQuery.parse("sofas"))
        assert list(ranked.values_list("title", flat=True)) == [
            "Dreame mops under sofas",
            "Robot vacuums compared",
        ]
        assert found("拖布") == {"扫地机器人横评"}

    def test_a_phrase_must_stand_together(self):
        item("Redmi Note 14 goes on sale")
        item("Note on Redmi prices")
        assert found('"redmi note"') == {"Redmi Note 14 goes on sale"}

    def test_a_minus_excludes_a_word(self):
        item("Redmi Note 14 goes on sale")
        item("Redmi Note 14 Pro review")
        assert found("redmi -review") == {"Redmi Note 14 goes on sale"}

    def test_or_finds_either(self):
        item("Dreame ships a mop")
        item("Roborock ships a mop")
        item("Yeelight ships a lamp")
        assert found("dreame OR roborock") == {"Dreame ships a mop", "Roborock ships a mop"}

    def test_all_words_must_match(self):
        item("Dreame ships a mop")
        item("Dreame opens a store")
        assert found("dreame mop") == {"Dreame ships a mop"}

    def test_the_summary_is_searched_too_and_a_title_match_ranks_first(self):
        older_title = item("Dreame robot reviewed", hours_ago=5)
        newer_summary = item("A new vacuum", summary="<p>Made by Dreame.</p>", hours_ago=1)
        query = SearchQuery.parse("dreame")

        ranked = list(NewsItem.objects.search(query).ranked(query))

        assert ranked == [older_title, newer_summary]

    def test_equal_relevance_reads_newest_first(self):
        old = item("Xiaomi news", hours_ago=5)
        new = item("Xiaomi news", hours_ago=1)
        query = SearchQuery.parse("xiaomi")

        assert list(NewsItem.objects.search(query).ranked(query)) == [new, old]

    @pytest.mark.parametrize("query", ["米", "xiaomi robots", "小米汽车SU7", '"redmi note" -pro'])
    def test_every_search_is_served_by_the_index_even_a_lone_chinese_character(self, query):
        # A lone Chinese character once meant a scan of every title and summary.
        NewsItemFactory.create_batch(3)
        # On three rows a walk of the newest-first index, filtering each row, costs
        # about as much as the search index (within the planner's 1%, since the rows
        # grew a body); whether the search index can serve the query is the question.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = plan_at_scale(NewsItem.objects.search(query))
        assert "newsitem_search_vector_idx" in plan, plan

    def test_an_item_is_stemmed_in_its_own_language_not_its_sources(self):
        feed = (
            '<rss version="2.0"><channel><title>Tech</title><item><guid>1</guid>'
            "<title>Die neuen Saugroboter kommen im April in den Handel</title></item>"
            "</channel></rss>"
        )
        ingest_bytes(SourceFactory(language="en"), feed.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT language, search_vector::text FROM news_newsitem")
            language, vector = cursor.fetchone()
        # German: its stop words dropped, its endings stemmed ("kommen" as "komm").
        assert language == "de"
        assert "'komm'" in vector and "'die'" not in vector
        assert found("Saugrobotern") == {"Die neuen Saugroboter kommen im April in den Handel"}

    def test_an_item_written_by_the_orm_is_indexed_with_its_words(self):
        news = item("小米汽车SU7发布", summary="<p>石头扫地机器人</p>", language="zh")
        news.refresh_from_db()
        assert news.title_words and "机器人" in news.summary_words.split()


# --- SQLite: the simpler match ---------------------------------------------------------


@pytest.mark.django_db
def test_every_word_is_a_case_insensitive_substring_on_any_database():
    item("Roborock launches a robot vacuum")
    item("石头科技扫地机器人降价", language="zh")
    assert found("ROBOT vacuum") == {"Roborock launches a robot vacuum"}
    assert found("机器人") == {"石头科技扫地机器人降价"}


@pytest.mark.django_db
def test_the_body_is_searched_on_any_database():
    item("Robot vacuums compared", body="The one from Dreame mops under sofas.")
    assert found("SOFAS") == {"Robot vacuums compared"}
