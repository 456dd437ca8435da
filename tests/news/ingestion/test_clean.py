"""Cleaning makes feed entries safe and bounded before they are stored."""

import datetime
import html
import re
import urllib.parse

import nh3
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.news.ingestion.clean import (
    MAX_SUMMARY,
    MAX_URL,
    SUMMARY_ATTRIBUTES,
    SUMMARY_TAGS,
    URL_SCHEMES,
    absolute_url,
    canonical_url,
    clean_entry,
    plain_text,
    sanitise_summary,
    strip_control,
    text_of_sanitised,
)
from ecosystem.news.ingestion.parse import ParsedEntry
from tests.support import FUZZ

FETCHED = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
FEED = "https://news.example.com/feeds/main.xml"


def entry(**fields):
    values = {"guid": "g1", "link": "https://news.example.com/a", "title": "Title", "summary": ""}
    values.update(fields)
    values.setdefault("published", FETCHED - datetime.timedelta(hours=1))
    return ParsedEntry(**values)


def clean(**fields):
    return clean_entry(entry(**fields), feed_url=FEED, fetched_at=FETCHED)


def test_titles_become_plain_text():
    assert clean(title="<b>Xiaomi</b> &amp; <i>Redmi</i>").title == "Xiaomi & Redmi"


def test_scripts_in_titles_leave_no_trace():
    assert clean(title="Redmi<script>alert(1)</script> launch").title == "Redmi launch"


def test_summaries_keep_only_harmless_markup():
    summary = clean(
        summary='<p onclick="x()">Hi <img src=x onerror=alert(1)><script>bad()</script>'
        '<a href="javascript:alert(1)">js</a> <strong>ok</strong></p>'
    ).summary
    for forbidden in ("onclick", "onerror", "<img", "<script", "javascript:", "bad()"):
        assert forbidden not in summary
    assert "<strong>ok</strong>" in summary


def test_relative_links_resolve_against_the_entry():
    summary = clean(link="/2026/story", summary='<a href="../more">more</a>').summary
    assert 'href="https://news.example.com/more"' in summary
    assert 'rel="noopener noreferrer nofollow"' in summary
    assert clean(link="/2026/story").url == "https://news.example.com/2026/story"


def test_links_that_are_not_http_are_dropped():
    assert clean(link="javascript:alert(1)").url == ""
    assert clean(link="data:text/html,<script>").url == ""


def test_nul_bytes_and_control_characters_go():
    cleaned = clean(title="Mi\x00Band\x07 8", summary="a\x00b", guid="id\x00")
    assert cleaned.title == "MiBand 8"
    assert "\x00" not in cleaned.summary and cleaned.guid == "id"


def test_absurdly_long_fields_are_cut_not_fatal():
    cleaned = clean(
        title="Xiaomi " * 20_000, summary="<p>" + "x" * 200_000 + "</p>", guid="g" * 900
    )
    assert len(cleaned.title) <= 1000
    assert len(cleaned.summary) <= 21_000
    assert len(cleaned.guid) <= 500 and cleaned.guid.startswith("sha256:")


def test_dates_are_stored_in_utc():
    berlin = datetime.timezone(datetime.timedelta(hours=2))
    published = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=berlin)
    assert clean(published=published).published_at == datetime.datetime(
        2026, 5, 1, 8, 0, tzinfo=datetime.UTC
    )


def test_a_missing_date_takes_the_fetch_time():
    assert clean(published=None).published_at == FETCHED


def test_a_date_far_in_the_future_is_not_believed():
    assert clean(published=FETCHED + datetime.timedelta(days=400)).published_at == FETCHED


def test_a_missing_guid_falls_back_to_the_link_then_to_a_content_hash():
    assert clean(guid="").guid == "https://news.example.com/a"
    no_link = clean(guid="", link="")
    assert no_link.guid.startswith("sha256:")
    assert no_link.guid == clean(guid="", link="").guid


def test_an_entry_with_nothing_in_it_is_skipped():
    assert clean(title="", link="", summary="") is None


def test_a_link_with_an_impossible_port_is_no_link():
    for link in ("https://news.example.com:99999/a", "https://news.example.com:80a/a"):
        cleaned = clean(link=link, guid="")
        assert (cleaned.url, cleaned.canonical_url) == ("", "")
        assert cleaned.guid.startswith("sha256:")


def test_tracking_parameters_do_not_make_a_new_article():
    a = canonical_url("https://News.Example.com:443/a?id=3&utm_source=x&utm_medium=rss#top")
    b = canonical_url("https://news.example.com/a?fbclid=abc&id=3")
    assert a == b == "https://news.example.com/a?id=3"


def test_plain_text_decodes_entities_and_collapses_space():
    assert plain_text("Xiaomi&nbsp;14\n\n<br>Ultra &lt;3") == "Xiaomi 14 Ultra <3"


def test_sanitise_keeps_paragraphs_and_lists():
    assert sanitise_summary("<ul><li>a</li></ul><p>b</p>", FEED) == "<ul><li>a</li></ul><p>b</p>"


# --- Plain text without a second parse: the same result as parsing again -----------

PROPERTY = settings(database=None, derandomize=True, deadline=None, max_examples=600)
PIECES = [
    "<p>", "</p>", "<b>", "</b>", "<br>", "<ul><li>", "</li>", "<code>", "<blockquote>",
    '<a href="/x?a=1&b=2" title=\'t>"x\'>', '<a href="https://e.com/<b>">', "</a>",
    "<table><tr><td>", "</td>", "<div>", "<script>x()</script>", "<style>p{}</style>",
    "<!-- note -->", "<img src=x>", "<p", "&amp;", "&lt;", "&gt;", "&nbsp;", "&#1;", "&#x0;",
    "&quot;", "&bogus;", "&", "<", ">", "\"", "\ufeff", "\r\n", "\r", " ", "\t", "\xa0",
    "\x1c", "\x00", "\u2028", "小米", "Xiaomi",
]  # fmt: skip
MARKUP = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=30).map("".join)


def parsed_text(markup: str) -> str:
    """The text content as nh3 gives it when it parses `markup` once more."""
    text = nh3.clean(strip_control(markup), tags=set())
    return re.sub(r"\s+", " ", strip_control(html.unescape(text))).strip()


@PROPERTY
@given(MARKUP)
def test_plain_text_is_the_text_nh3_finds(markup):
    assert plain_text(markup) == parsed_text(markup)


@PROPERTY
@given(MARKUP)
def test_the_text_of_a_sanitised_summary_needs_no_second_parse(markup):
    summary = sanitise_summary(markup, FEED)
    assert text_of_sanitised(summary) == parsed_text(summary)


LINKS = st.sampled_from(
    [
        '<a href="/rel/path?q=1">', "<a href=../up>", '<A HREF="https://e.com/x">',
        '<a href="javascript:alert(1)">', '<a href="mailto:x@y">', '<a title="t" href="//cdn.x/">',
        "<a href=''>", '<a href="ht&#116;p://e.com/">', "</a>", "<p>", "text", " ",
    ]
)  # fmt: skip
LINKED = st.lists(LINKS | MARKUP, max_size=10).map("".join)


def reference_sanitise(markup: str, base: str) -> str:
    """sanitise_summary as nh3.clean with its options in each call."""

    def resolve(element, attribute, value):
        if element == "a" and attribute == "href":
            return absolute_url(value, base) or None
        return value

    cleaned = nh3.clean(
        strip_control(markup)[:MAX_SUMMARY],
        tags=SUMMARY_TAGS,
        attributes=SUMMARY_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=resolve,
    )
    return strip_control(cleaned).strip()


@PROPERTY
@given(LINKED, st.sampled_from([FEED, "https://other.example.org/a/b/c.html", "http://x/"]))
def test_one_configured_sanitiser_resolves_each_summarys_links_against_its_own_base(markup, base):
    assert sanitise_summary(markup, base) == reference_sanitise(markup, base)


def test_a_leading_byte_order_mark_is_not_text():
    assert plain_text("\ufeff\ufeffXiaomi") == parsed_text("\ufeff\ufeffXiaomi") == "\ufeffXiaomi"


_SANITISER = nh3.Cleaner(tags=SUMMARY_TAGS, attributes=SUMMARY_ATTRIBUTES, url_schemes=URL_SCHEMES)


@settings(FUZZ, max_examples=2000)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab >\r\n\t\xa0\ufeff\u200b\"'=/é中\x85\u2028 \U0001f600")),
        max_size=40,
    )
)
def test_plain_text_summaries_skip_the_sanitiser_and_come_out_as_it_would_give_them(text):
    expected = strip_control(_SANITISER.clean(strip_control(text))).strip()
    assert sanitise_summary(text, FEED) == expected


URL_PIECES = st.sampled_from(
    [
        "http://", "https://", "HTTPS://", "ftp://", "//", "news.example.com", "[::1]", "[bad",
        ":8080", ":443", ":x", "/", "/a", "/b/", "..", "./", ";", ";p=1", "?", "?q=1",
        "&utm_source=x", "#", "#top", " ", "\t", "\n", "é", "%20", "@", "mailto:",
    ]
)  # fmt: skip
# Mostly shaped like a link (scheme, host, path, query, fragment), else anything.
URLS = st.tuples(
    st.sampled_from(["https://", "http://", "HTTP://", "//", "", "ftp://"]),
    st.sampled_from(["news.example.com", "news.example.com:8080", "[::1]", "", "é.example"]),
    st.lists(URL_PIECES, max_size=6).map("".join),
).map("".join) | st.lists(URL_PIECES, max_size=8).map("".join)


def reference_absolute_url(link: str, base: str) -> str:
    """absolute_url as urljoin alone gave it, for every link."""
    link = strip_control(link).strip()
    if not link:
        return ""
    try:
        url = urllib.parse.urljoin(base, link)
        parts = urllib.parse.urlsplit(url)
        _ = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc or len(url) > MAX_URL:
        return ""
    return url


@PROPERTY
@given(URLS, st.sampled_from([FEED, "http://news.example.com/a/b", "HTTPS://x.example/", ""]))
def test_links_that_join_to_themselves_skip_urljoin_and_come_out_as_it_would_give_them(link, base):
    assert absolute_url(link, base) == reference_absolute_url(link, base)


@PROPERTY
@given(
    st.text(
        alphabet=st.sampled_from(list("ab >\r\n\t\xa0\ufeff\u200b\"'=/é中\x85\u2028 \U0001f600")),
        max_size=40,
    ),
    st.sampled_from(["<p>{}</p>", "<p>{}</p> ", " <p>{}</p>", "<p>{}</p><p>b</p>", "<P>{}</p>"]),
)
def test_one_paragraph_of_plain_text_skips_the_sanitiser_and_comes_out_as_it_would_give_it(
    text, shape
):
    markup = shape.format(text)
    assert sanitise_summary(markup, FEED) == reference_sanitise(markup, FEED)
