"""Every field as the feed meant it: hand-made feeds with each construct real feeds use,
fetched from a real HTTP server and stored (SQLite, and PostgreSQL with DATABASE_URL)."""

import datetime
from pathlib import Path

import pytest

from ecosystem.news.ingestion.parse import parse_feed
from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import NewsItem
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "feeds"


def utc(*parts):
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


def stored(feed_server, fixture):
    """{guid: item} of the items the pipeline stored from `fixture`."""
    feed_server.expect_request("/feed.xml").respond_with_data(
        (FEEDS / fixture).read_bytes(), content_type="application/xml"
    )
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    result = ingest(source)
    assert result.ok, result.error
    return {item.guid: item for item in NewsItem.objects.filter(source=source)}


@pytest.fixture
def atom(feed_server):
    return stored(feed_server, "fidelity-atom-constructs.xml")


@pytest.fixture
def rss(feed_server):
    items = stored(feed_server, "fidelity-rss-constructs.xml")
    return {item.title: item for item in items.values()}


# --- Text constructs ----------------------------------------------------------------------


def test_an_xhtml_title_and_summary_are_read_not_dropped(atom):
    item = atom["tag:blog.example.com,2026:1"]
    assert item.title == "Roborock S9 & the new dock"
    assert item.summary == "<p>The <b>S9</b> mops.</p>"


def test_an_html_title_becomes_its_text(atom):
    assert atom["tag:blog.example.com,2026:2"].title == "Dreame X50 & more"


def test_a_text_construct_keeps_what_looks_like_markup_as_text(atom):
    assert atom["tag:blog.example.com,2026:3"].title == "Yeelight <3 Matter"
    assert atom["tag:blog.example.com,2026:2"].summary == "Plain &lt;text&gt; summary"


# --- Links --------------------------------------------------------------------------------


def test_xml_base_applies_at_the_feed_the_entry_and_the_link(atom):
    assert atom["tag:blog.example.com,2026:1"].url == "https://blog.example.com/news/roborock-s9"
    assert atom["tag:blog.example.com,2026:3"].url == (
        "https://blog.example.com/archive/2026/yeelight-matter"
    )
    assert atom["tag:blog.example.com,2026:4"].url == (
        "https://other.example.org/reviews/mijia-kettle"
    )


def test_a_content_besides_the_summary_is_the_body_as_plain_text(atom):
    item = atom["tag:blog.example.com,2026:3"]
    assert item.body == (
        "Yeelight lamps now speak Matter, and the FAQ says how to pair them with any hub."
    )
    assert item.body_origin == "feed"


def test_the_alternate_link_is_preferred_over_enclosures_replies_and_self(atom):
    assert atom["tag:blog.example.com,2026:2"].url == "https://blog.example.com/news/dreame-x50"


def test_a_permalink_guid_is_the_link_of_an_item_without_one(rss):
    assert rss["Permalink guid, no link"].url == "https://news.example.com/posts/permalink"


def test_a_guid_marked_as_no_permalink_is_never_taken_for_the_link(rss):
    item = rss["Guid that is not a permalink"]
    assert (item.url, item.guid) == ("", "https://news.example.com/posts/not-a-permalink")


def test_an_ampersand_in_a_cdata_link_stays_an_ampersand(rss):
    assert rss["Tracking link with & in CDATA"].url == (
        "https://news.example.com/posts/cdata?a=1&utm_source=rss&b=2"
    )


# --- Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "moment"),
    [
        ("Permalink guid, no link", utc(2026, 3, 2, 15, 0)),  # RFC 822, EST
        ("Guid that is not a permalink", utc(2026, 3, 2, 17, 0)),  # PDT
        ("Named zone GMT and short description", utc(2026, 3, 2, 10, 0)),
        ("Tracking link with & in CDATA", utc(2026, 3, 2, 10, 0)),  # UT
        ("Military zone", utc(2026, 3, 2, 10, 0)),  # Z
        ("Central European zone", utc(2026, 3, 2, 9, 0)),  # CET
        ("Dublin Core date", utc(2026, 3, 2, 2, 0)),  # dc:date, +08:00
        ("ISO date without offset", utc(2026, 3, 2, 10, 0)),  # taken as UTC
        ("ISO date with offset", utc(2026, 3, 2, 13, 30)),  # -03:30
    ],
)
def test_every_date_form_is_read_in_utc(rss, title, moment):
    assert rss[title].published_at == moment


def test_atom_dates_with_and_without_offsets(atom):
    assert atom["tag:blog.example.com,2026:2"].published_at == utc(2026, 3, 2, 8, 0)
    # <published> without an offset wins over <updated>, and is UTC.
    assert atom["tag:blog.example.com,2026:3"].published_at == utc(2026, 3, 1, 8, 30)
    assert atom["tag:blog.example.com,2026:4"].published_at == utc(2026, 3, 2, 12, 0)


# --- Content and description --------------------------------------------------------------


def test_the_description_is_the_summary_and_the_content_the_body(rss):
    item = rss["Named zone GMT and short description"]
    assert item.summary == "Roborock has news."
    assert item.body.startswith("Roborock has news: the Qrevo Curv mops corners")
    # Dreame is named once, in passing, only in the content: not enough to attach it.
    assert set(item.brands.values_list("slug", flat=True)) == {"roborock"}


def test_a_longer_description_stays_the_summary(rss):
    assert rss["Long description wins"].summary.startswith("A description that is longer")


def test_an_atom_summary_stays_the_summary_beside_a_longer_content(atom):
    assert atom["tag:blog.example.com,2026:3"].summary == "Short."


# --- Control characters -------------------------------------------------------------------


def test_control_characters_are_removed_not_fatal(feed_server):
    items = stored(feed_server, "fidelity-control-characters.xml")
    assert sorted(item.title for item in items.values()) == [
        "Dreame next",
        "Xiaomi ships a phone",
    ]
    assert items["https://news.example.com/1"].summary == "Bad bytes inside"


def test_a_document_that_is_not_markup_is_still_refused_as_binary():
    from ecosystem.news.ingestion.parse import FeedParseError

    with pytest.raises(FeedParseError, match="binary"):
        parse_feed(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"x" * 200)
