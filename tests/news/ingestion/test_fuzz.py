"""Property-based tests (hypothesis) of the feed parser and the cleaner, which take anything
from anyone.

parse_feed(bytes) gives a ParsedFeed or raises FeedParseError, for arbitrary bytes and for
structured-random RSS, Atom and JSON Feed documents; then clean_entry never raises and
returns bounded fields free of control characters. (The routes are fuzzed in
tests/pages/test_fuzz.py.)

Examples that once found a bug are pinned with @example and as plain tests at the end.
Runs are derandomized so CI sees the same examples each time; FUZZ_RANDOM=1 explores anew.
"""

import datetime
import json
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ecosystem.news.ingestion.clean import (
    FUTURE_TOLERANCE,
    MAX_GUID,
    MAX_SUMMARY,
    MAX_TITLE,
    MAX_URL,
    clean_entry,
)
from ecosystem.news.ingestion.parse import FeedParseError, ParsedEntry, ParsedFeed, parse_feed
from tests.support import fuzz

FETCHED = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
FEED_URL = "https://feeds.example.com/news/rss.xml"
# Never text: C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone
# surrogates; and U+FFFE/U+FFFF, which XML 1.0 forbids (they would break our Atom feeds).
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# nh3 escapes and adds rel="..." to links, so the stored summary may outgrow the cut made
# before sanitising (MAX_SUMMARY): "<a>" (3 characters) comes out as 42.
SUMMARY_BOUND = 15 * MAX_SUMMARY


# --- The feed parser ---------------------------------------------------------------------------


def check_parse(body: bytes) -> ParsedFeed | None:
    """parse_feed's contract, then clean_entry's on every entry."""
    try:
        feed = parse_feed(body, url=FEED_URL)
    except FeedParseError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) <= 500
        return None
    assert isinstance(feed, ParsedFeed)
    for entry in feed.entries:
        assert isinstance(entry, ParsedEntry)
        check_clean(entry)
    return feed


def check_clean(entry: ParsedEntry) -> None:
    cleaned = clean_entry(entry, feed_url=FEED_URL, fetched_at=FETCHED)
    if cleaned is None:
        return
    assert 0 < len(cleaned.title) <= MAX_TITLE
    assert len(cleaned.summary) <= SUMMARY_BOUND
    assert len(cleaned.url) <= MAX_URL and len(cleaned.canonical_url) <= MAX_URL
    assert 0 < len(cleaned.guid) <= MAX_GUID
    for text in (cleaned.title, cleaned.summary, cleaned.summary_text, cleaned.url, cleaned.guid):
        assert not NOT_TEXT.search(text), repr(text)
    assert "\n" not in cleaned.title and "\t" not in cleaned.title
    assert cleaned.url == "" or cleaned.url.startswith(("http://", "https://"))
    assert cleaned.published_at.tzinfo is not None
    assert cleaned.published_at <= FETCHED + FUTURE_TOLERANCE


@fuzz(300)
@given(st.binary(max_size=2048))
@example(b"\xef\xbb\xbf")
@example(b"\x1f\x8b\x08\x00")
@example(b"<rss><channel><item><title>\xff\xfe</title></item></channel></rss>")
def test_parse_feed_takes_any_bytes(body):
    check_parse(body)


@fuzz(150)
@given(st.binary(max_size=256).map(lambda b: b"<?xml version='1.0'?><rss version='2.0'>" + b))
def test_parse_feed_takes_any_bytes_after_an_rss_start(body):
    check_parse(body)


# Structured-random documents: a real skeleton, hostile pieces in every field.
TEXT = st.text(max_size=60)
MARKUP = st.sampled_from(
    [
        "<b>bold</b>",
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="/relative">r</a>',
        "<p style='x:expression(1)'>s</p>",
        "<svg onload=alert(1)>",
        "<![CDATA[cdata <b>in</b> cdata]]>",
        "<![CDATA[nested <![CDATA[x]]> rest]]>",
        "<!-- comment -->",
        "<?pi data?>",
        "<unclosed>",
        "</stray>",
        "<x:y xmlns:x='urn:x'>ns</x:y>",
        "<atom:link href='https://a.example/' xmlns:atom='http://www.w3.org/2005/Atom'/>",
    ]
)
REFERENCE = st.sampled_from(
    ["&amp;", "&lt;", "&nbsp;", "&eacute;", "&hellip;", "&undefined;", "&", "&#0;", "&#1;",
     "&#x1b;", "&#xFFFE;", "&#xFFFF;", "&#xD800;", "&#1114112;", "&#99999999999;", "&#x;",
     "&#65;", "&#x10FFFF;", "&lol;"]
)  # fmt: skip
DATE = st.one_of(
    st.sampled_from(
        ["Mon, 02 Mar 2026 10:00:00 +0000", "Mon, 01 Jan 0001 00:00:00 +0000",
         "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z",
         "2026-02-30T10:00:00Z", "Tue, 02 Mar 99999999999 10:00:00 GMT", "1e400", "",
         "2026-03-02T10:00:00+25:00", "1970-01-01T00:00:00Z", "yesterday"]
    ),
    st.datetimes(
        min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30),
        timezones=st.sampled_from([datetime.UTC, datetime.timezone(datetime.timedelta(hours=14))]),
    ).map(lambda d: d.isoformat()),
)  # fmt: skip


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FIELD = st.lists(st.one_of(TEXT.map(escape), TEXT, MARKUP, REFERENCE, DATE), max_size=5).map(
    "".join
)


@st.composite
def rss_items(draw):
    items = []
    for n in range(draw(st.integers(0, 4))):
        parts = []
        for tag in ("title", "link", "guid", "description", "pubDate", "content:encoded"):
            if draw(st.booleans()):
                value = draw(DATE) if tag == "pubDate" else draw(FIELD)
                parts.append(f"<{tag}>{value}</{tag}>")
        attributes = draw(st.sampled_from(["", ' isPermaLink="false"', f' n="{n}"', " a"]))
        items.append(f"<item{attributes}>{''.join(parts)}</item>")
    return "".join(items)


@st.composite
def atom_entries(draw):
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "html", "xhtml", "bogus"]))
        entries.append(
            f"<entry><title type='{kind}'>{draw(FIELD)}</title><id>{draw(FIELD)}</id>"
            f"<link href='{escape(draw(TEXT)).replace(chr(39), '')}'/>"
            f"<updated>{draw(DATE)}</updated><summary type='html'>{draw(FIELD)}</summary>"
            f"<content type='{kind}'>{draw(FIELD)}</content></entry>"
        )
    return "".join(entries)


@st.composite
def documents(draw) -> bytes:
    encoding = draw(st.sampled_from(["utf-8", "iso-8859-1", "windows-1252", "gb2312", "utf-16"]))
    declared = draw(st.sampled_from([encoding, "utf-8", "x-bogus", None]))
    prolog = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    if draw(st.booleans()):
        prolog += draw(
            st.sampled_from(
                ["<!DOCTYPE rss>", '<!DOCTYPE rss [<!ENTITY e "x">]>', "<!-- c -->",
                 '<?xml-stylesheet href="x.xsl"?>']
            )
        )  # fmt: skip
    kind = draw(st.sampled_from(["rss", "atom", "rdf"]))
    if kind == "rss":
        body = (
            f'<rss version="{draw(st.sampled_from(["2.0", "0.91", "", "x"]))}" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{draw(FIELD)}</title><link>{draw(FIELD)}</link>"
            f"{draw(rss_items())}</channel></rss>"
        )
    elif kind == "atom":
        namespace = draw(st.sampled_from(["http://www.w3.org/2005/Atom", "urn:wrong", ""]))
        body = (
            f'<feed xmlns="{namespace}"><title>{draw(FIELD)}</title>{draw(atom_entries())}</feed>'
        )
    else:
        body = (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel>'
            f"{draw(rss_items())}</rdf:RDF>"
        )
    text = prolog + body
    if draw(st.booleans()):  # cut short, as a broken download would
        text = text[: draw(st.integers(0, len(text)))]
    try:
        return text.encode(encoding, errors="replace")
    except LookupError:
        return text.encode("utf-8")


@fuzz(250)
@given(documents())
@example(b'<rss version="2.0"><channel><item><title>Xiaomi &#xFFFF;</title></item></channel></rss>')
@example(
    b'<rss version="2.0"><channel><item><title>Go zero time</title>'
    b"<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item></channel></rss>"
)
def test_parse_and_clean_take_structured_random_feeds(body):
    check_parse(body)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
JSON_ITEM = st.fixed_dictionaries(
    {},
    optional={
        key: st.one_of(JSON_VALUE, FIELD, DATE)
        for key in ("id", "title", "url", "external_url", "summary", "content_html",
                    "content_text", "date_published", "date_modified")
    },
)  # fmt: skip


@fuzz(150)
@given(
    st.fixed_dictionaries(
        {
            "version": st.one_of(st.just("https://jsonfeed.org/version/1.1"), JSON_VALUE),
            "items": st.one_of(st.lists(st.one_of(JSON_ITEM, JSON_VALUE), max_size=4), JSON_VALUE),
        },
        optional={"title": JSON_VALUE, "home_page_url": JSON_VALUE, "language": JSON_VALUE},
    )
)
@example({"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "\uffff"}]})
@example({"version": "https://jsonfeed.org/version/1.1", "items": True})
def test_parse_and_clean_take_random_json_feeds(document):
    check_parse(json.dumps(document).encode())


@fuzz(200)
@given(
    st.builds(
        ParsedEntry,
        guid=FIELD | TEXT,
        link=st.one_of(FIELD, TEXT, st.sampled_from(["//x", "http://[::1", "https://x/\x00"])),
        title=FIELD | TEXT,
        summary=FIELD | TEXT,
        published=st.none() | st.datetimes(timezones=st.just(datetime.UTC), allow_imaginary=False),
    )
)
@example(ParsedEntry(guid="", link="", title="", summary="&#1:", published=None))
@example(ParsedEntry(guid="g", link="", title="Xiaomi &#x1b;[31m", summary="&#2;", published=None))
def test_clean_entry_takes_any_parsed_entry(entry):
    check_clean(entry)


# --- Regressions: documents the fuzzers found -----------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        # items that is not a list: TypeError out of parse_feed, and so out of ingest().
        b'{"version": "https://jsonfeed.org/version/1.1", "items": true}',
        b'{"version": "https://jsonfeed.org/version/1.1", "items": 7}',
    ],
)
def test_a_found_document_parses_or_is_refused(document):
    check_parse(document)
