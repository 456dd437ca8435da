"""Storing a feed's entries is idempotent, attaches brands and never half-writes."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand
from ecosystem.core import outbox
from ecosystem.news.ingestion.clean import CleanEntry
from ecosystem.news.ingestion.store import store_entries
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import Detachment, Mention, NewsItem
from tests.factories import NewsItemFactory, SourceFactory
from tests.support import plan_at_scale

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def entry(n, title=None, **fields):
    values = {
        "guid": f"guid-{n}",
        "url": f"https://news.example.com/{n}",
        "canonical_url": f"https://news.example.com/{n}",
        "title": title or f"Roborock story {n}",
        "summary": "<p>Details.</p>",
        "summary_text": "Details.",
        "published_at": NOW - datetime.timedelta(minutes=n),
        "language": "en",
    }
    values.update(fields)
    return CleanEntry(**values)


def store(source, entries):
    return store_entries(
        source, entries, matcher=Matcher.from_database(), categoriser=Categoriser.from_database()
    )


def test_storing_the_same_feed_again_adds_nothing():
    source = SourceFactory()
    entries = [entry(n) for n in range(5)]
    assert str(store(source, entries)) == "5 new, 0 updated, 0 unchanged"
    assert str(store(source, entries)) == "0 new, 0 updated, 5 unchanged"
    assert NewsItem.objects.count() == 5


def test_an_edited_item_is_updated_not_duplicated():
    source = SourceFactory()
    store(source, [entry(1, title="Roborock teases a vacuum")])
    report = store(source, [entry(1, title="Dreame teases a vacuum")])
    assert (report.new, report.updated) == (0, 1)
    item = NewsItem.objects.get()
    assert item.title == "Dreame teases a vacuum"
    assert list(item.brands.values_list("slug", flat=True)) == ["dreame"]


def test_duplicate_guids_in_one_feed_are_stored_once():
    source = SourceFactory()
    assert store(source, [entry(1), entry(1, title="Roborock again")]).new == 1


def test_the_same_article_through_two_sources_is_stored_once():
    store(SourceFactory(), [entry(1)])
    report = store(SourceFactory(), [entry(1, guid="other-guid")])
    assert (report.new, report.unchanged) == (0, 1)
    assert NewsItem.objects.count() == 1


def test_items_are_attached_to_the_brands_they_name():
    store(SourceFactory(), [entry(1, title="Roborock and Yeelight team up")])
    item = NewsItem.objects.get()
    mentions = {m.brand.slug: m for m in item.mentions.select_related("brand")}
    assert set(mentions) == {"roborock", "yeelight"}
    assert mentions["roborock"].matched_in == "title"
    assert mentions["roborock"].alias == "Roborock"
    assert mentions["roborock"].published_at == item.published_at


def test_a_mention_in_the_summary_says_so():
    store(SourceFactory(), [entry(1, title="A new robot", summary_text="Made by Dreame.")])
    mention = Mention.objects.get()
    assert (mention.brand.slug, mention.matched_in) == ("dreame", "summary")


def test_items_get_the_categories_of_specialist_brands():
    store(SourceFactory(), [entry(1, title="Roborock ships a new model")])
    slugs = set(NewsItem.objects.get().categories.values_list("slug", flat=True))
    assert "robot-vacuums" in slugs


def test_a_generalist_brand_alone_puts_an_item_in_no_category():
    store(SourceFactory(), [entry(1, title="Xiaomi holds its annual meeting")])
    assert not NewsItem.objects.get().categories.exists()


def test_an_editors_mention_survives_a_changed_item():
    source = SourceFactory()
    store(source, [entry(1, title="A gadget")])
    item = NewsItem.objects.get()
    Mention.objects.create(
        news_item=item, brand=Brand.objects.get(slug="mijia"), matched_in=Mention.Field.EDITOR
    )
    store(source, [entry(1, title="A gadget, updated")])
    assert item.mentions.filter(brand__slug="mijia", matched_in="editor").exists()


def test_an_editors_mention_follows_the_items_new_date_on_the_brand_page():
    source = SourceFactory()
    mijia = Brand.objects.get(slug="mijia")
    store(source, [entry(1, title="A gadget"), entry(2, title="A Mijia lamp")])
    gadget = NewsItem.objects.get(guid="guid-1")
    Mention.objects.create(news_item=gadget, brand=mijia, matched_in=Mention.Field.EDITOR)
    assert list(NewsItem.objects.for_brand(mijia))[0] == gadget
    moved = NOW - datetime.timedelta(days=1)
    store(source, [entry(1, title="A gadget", published_at=moved), entry(2, title="A Mijia lamp")])
    assert gadget.mentions.get(brand=mijia).published_at == moved
    assert [item.guid for item in NewsItem.objects.for_brand(mijia)] == ["guid-2", "guid-1"]


def test_a_brand_an_editor_detached_stays_detached_from_a_changed_item():
    source = SourceFactory()
    store(source, [entry(1, title="Roborock and Dreame compared")])
    item = NewsItem.objects.get()
    Detachment.objects.create(news_item=item, brand=Brand.objects.get(slug="roborock"))
    item.mentions.filter(brand__slug="roborock").delete()
    store(source, [entry(1, title="Roborock and Dreame compared again")])
    assert set(item.brands.values_list("slug", flat=True)) == {"dreame"}


def test_items_of_one_source_are_not_grouped_into_one_story():
    source = SourceFactory()
    store(source, [entry(1, title="Roborock S9 MaxV Ultra launches in Europe")])
    store(source, [entry(2, title="Roborock S9 MaxV Ultra launches in Europe today")])
    assert not NewsItem.objects.filter(story__isnull=False).exists()


def slug_ids(*slugs):
    return set(Brand.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def test_the_report_names_the_brands_of_new_items():
    report = store(SourceFactory(), [entry(1, title="Roborock and Yeelight"), entry(2)])
    assert report.brands == slug_ids("roborock", "yeelight")


def test_the_report_names_the_brands_an_updated_item_named_before_and_after():
    source = SourceFactory()
    store(source, [entry(1, title="Roborock teases a vacuum")])
    item = NewsItem.objects.get()
    Mention.objects.create(
        news_item=item, brand=Brand.objects.get(slug="mijia"), matched_in=Mention.Field.EDITOR
    )
    report = store(source, [entry(1, title="Dreame teases a vacuum")])
    assert report.brands == slug_ids("roborock", "mijia", "dreame")


def test_the_report_names_no_brands_when_nothing_visible_changed():
    source = SourceFactory()
    store(source, [entry(1, title="Roborock teases a vacuum"), entry(2, title="Dreame news")])
    assert store(source, [entry(1, title="Roborock teases a vacuum")]).brands == set()
    NewsItem.objects.filter(guid="guid-2").update(hidden=True)
    report = store(source, [entry(2, title="Dreame news, updated")])
    assert (report.updated, report.brands) == (1, set())


def test_rows_are_written_with_every_field_the_orm_gives_them():
    source = SourceFactory(language="de")
    store(
        source,
        [
            entry(
                1, title="Roborock and Dreame compared", summary_text="Von Yeelight.", language="en"
            )
        ],
    )
    item = NewsItem.objects.get()
    assert (item.language, item.hidden, item.story_id) == ("en", False, None)
    assert abs(item.updated_at - item.fetched_at) < datetime.timedelta(seconds=1)
    assert abs(timezone.now() - item.fetched_at) < datetime.timedelta(minutes=1)
    fields = {m.brand.slug: (m.matched_in, m.published_at) for m in item.mentions.all()}
    assert fields == {
        "roborock": ("title", item.published_at),
        "dreame": ("title", item.published_at),
        "yeelight": ("summary", item.published_at),
    }
    assert "robot-vacuums" in set(item.categories.values_list("slug", flat=True))
    # A later insert through the ORM takes the next id from the same sequence.
    assert NewsItemFactory().pk > item.pk


def test_a_feed_that_fails_half_way_leaves_nothing_behind():
    source = SourceFactory()
    entries = [entry(n) for n in range(1200)]
    # Entry 900 cannot be stored (no date): the whole feed is rolled back.
    entries[900] = dataclasses.replace(entries[900], published_at=None)
    with pytest.raises(Exception):  # noqa: B017 -- the database's own error, whichever it is
        store(source, entries)
    assert NewsItem.objects.count() == 0
    assert Mention.objects.count() == 0


def test_a_brands_official_feed_becomes_its_announcements():
    roborock = Brand.objects.get(slug="roborock")
    source = SourceFactory(official_for=roborock)
    store(source, [entry(1, title="Roborock announces its results")])
    assert not roborock.announcements.filter(news_item__isnull=False).exists()  # made by a job
    outbox.process_due()
    announcement = roborock.announcements.get(news_item__isnull=False)
    assert announcement.title == "Roborock announces its results"
    assert announcement in Announcement.objects.published()


def test_the_same_story_from_two_sources_is_grouped():
    store(SourceFactory(), [entry(1, title="Roborock S9 MaxV Ultra launches in Europe")])
    store(
        SourceFactory(),
        [entry(2, title="Roborock S9 MaxV Ultra launches in Europe today", guid="x", url="")],
    )
    first, second = NewsItem.objects.order_by("pk")
    assert second.story_id == first.pk


@pytest.mark.postgres
def test_the_lookups_of_a_store_are_one_query_each_and_use_indexes():
    entries = [entry(n) for n in range(1500)]
    store(SourceFactory(), entries)
    matcher, categoriser = Matcher.from_database(), Categoriser.from_database()
    again = [dataclasses.replace(e, guid=f"other-{e.guid}") for e in entries]
    with CaptureQueriesContext(connection) as queries:
        report = store_entries(SourceFactory(), again, matcher=matcher, categoriser=categoriser)
    assert report.unchanged == 1500
    # The advisory lock, then the stored guids and the stored links, each in one query.
    lock, *lookups = [q["sql"] for q in queries.captured_queries if "SELECT" in q["sql"]]
    assert len(lookups) == 2, lookups
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = []
        for sql in lookups:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert "Index Cond: (source_id = " in plans[0], plans[0][:300]
    assert "newsitem_canonical_idx" in plans[1], plans[1][:300]


def test_the_same_news_in_other_words_from_three_sources_is_one_story():
    store(
        SourceFactory(),
        [entry(1, title="Roborock Saros Z70 robot vacuum with a robotic arm goes on sale",
               summary="<p>The vacuum with a folding arm that picks up socks is on sale now.</p>")],
    )  # fmt: skip
    store(
        SourceFactory(),
        [entry(2, title="Roborock's arm-equipped Saros Z70 vacuum is now available", guid="b",
               summary="<p>The Saros Z70 uses a robotic arm to pick up socks.</p>")],
    )  # fmt: skip
    store(
        SourceFactory(),
        [entry(3, title="Roborock Saros Z70 with robot arm now on sale", guid="c")],
    )
    first, *others = NewsItem.objects.order_by("pk")
    assert [item.story_id for item in others] == [first.pk, first.pk]
    [row] = NewsItem.objects.stories()
    assert (row.pk, row.source_count) == (first.pk, 3)


def test_different_news_about_one_product_on_one_day_stays_apart():
    store(SourceFactory(), [entry(1, title="Redmi Note 14 goes on sale in India")])
    store(SourceFactory(), [entry(2, title="Redmi Note 14 Pro review", guid="b")])
    store(SourceFactory(), [entry(3, title="Redmi Note 13 goes on sale in India", guid="c")])
    assert not NewsItem.objects.filter(story__isnull=False).exists()


def test_grouping_reads_the_candidates_in_two_queries():
    for n in range(3):
        store(SourceFactory(), [entry(n, title=f"Roborock S{n + 5} launches in Europe")])
    source = SourceFactory()
    matcher, categoriser = Matcher.from_database(), Categoriser.from_database()
    with CaptureQueriesContext(connection) as queries:
        store_entries(source, [entry(9, title="Roborock S5 launches in Europe today", guid="n")],
                      matcher=matcher, categoriser=categoriser)  # fmt: skip
    reads = [q["sql"] for q in queries.captured_queries if "mention" in q["sql"].lower()
             and q["sql"].lstrip().upper().startswith("SELECT")]  # fmt: skip
    # The candidates in the window (through their mentions), then their brands.
    # The news counters' tally of the new item's mentions is not part of grouping.
    reads = [sql for sql in reads if "COUNT(" not in sql]
    assert len(reads) == 2, reads
    assert NewsItem.objects.get(guid="n").story_id is not None


@pytest.mark.postgres
def test_story_candidates_are_found_through_the_mentions_index():
    brand = Brand.objects.get(slug="roborock")
    queryset = NewsItem.objects.story_candidates([brand.pk], NOW - datetime.timedelta(days=3), NOW)
    plan = plan_at_scale(queryset)
    assert "mention_brand_newest_idx" in plan, plan
    assert "Seq Scan" not in plan, plan


# --- The body: a feed's full content besides its description ---------------------------


def _rss_with_content(description, content):
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        "<link>https://news.example.com/</link><item><title>Robot vacuums compared</title>"
        "<link>https://news.example.com/compared</link><guid>compared</guid>"
        "<pubDate>Mon, 02 Mar 2026 10:00:00 +0000</pubDate>"
        f"<description>{description}</description>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()


LONG = "<p>We ran six robot vacuums over rice, oats and cat litter for a month.</p>" * 20


@pytest.mark.parametrize(
    ("description", "content", "brands"),
    [
        # Named once, in passing, only in the long content: not enough.
        ("Six robots, one winner.", LONG + "<p>The Roborock S8 came fourth.</p>", set()),
        # Named twice in the content: attached.
        ("Six robots, one winner.", LONG + "<p>Roborock first, a Roborock second.</p>",
         {"roborock"}),
        # Named in the description: attached as from a summary.
        ("Roborock wins our test.", LONG, {"roborock"}),
    ],
)  # fmt: skip
def test_the_description_is_matched_as_summary_and_the_content_strictly(
    description, content, brands
):
    from ecosystem.news.ingestion.pipeline import ingest_bytes

    source = SourceFactory()
    assert ingest_bytes(source, _rss_with_content(description, content), now=NOW).ok
    item = NewsItem.objects.get()
    assert set(item.brands.values_list("slug", flat=True)) == brands
    assert item.summary == description
    assert item.body.startswith("We ran six robot vacuums") and "<p>" not in item.body
    assert item.body_origin == "feed"


def test_the_body_is_bounded():
    from ecosystem.news.ingestion.pipeline import ingest_bytes

    source = SourceFactory()
    huge = "<p>" + "Saugroboter im Test. " * 10_000 + "</p>"
    assert ingest_bytes(source, _rss_with_content("Kurz.", huge), now=NOW).ok
    body = NewsItem.objects.get().body
    assert len(body) == 50_000 and body.endswith("…")


def test_re_matching_reads_the_body_as_content():
    from ecosystem.news.matching.rematch import rematch_all

    item = NewsItemFactory(
        title="Robot vacuums compared", summary="Six robots.", body="Roborock won. Roborock."
    )
    rematch_all()
    assert list(item.mentions.values_list("brand__slug", "matched_in")) == [("roborock", "content")]
    item.body = "Roborock came fourth."
    item.save()
    rematch_all()
    assert not item.mentions.exists()


def test_a_later_fetch_keeps_a_body_read_from_the_article_page():
    source = SourceFactory()
    store(source, [entry(1)])
    NewsItem.objects.update(body="Text of the article page.", body_origin="article")
    assert str(store(source, [entry(1)])) == "0 new, 0 updated, 1 unchanged"
    store(source, [entry(1, title="Roborock story 1, updated")])
    assert NewsItem.objects.get().body == "Text of the article page."
    store(source, [entry(1, body="The feed's own full content.")])
    assert NewsItem.objects.values_list("body", "body_origin").get() == (
        "The feed's own full content.", "feed"
    )  # fmt: skip
