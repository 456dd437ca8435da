"""feedparser for the few feeds written with what fastfeedparser drops.

fastfeedparser reads an Atom title or summary of type="xhtml" as empty, ignores
xml:base (relative links then resolve against the wrong base), takes a guid
marked isPermaLink="false" for the link of an item that has none, and hands a
text construct's "&lt;b&gt;" back as markup. feedparser 6 reads all of these
as the specifications say, at about a hundred times the cost; so it reads only
the documents that use them in a way that changes what is stored, told by a
search of the bytes and a look at fastfeedparser's links (2 of the 200 real
feeds of bench/parsers.py take this path). Everything else stays with
fastfeedparser.

The bytes are those the guards passed (UTF-8, no DOCTYPE, no entity
declarations), so feedparser's expat never sees anything to expand or fetch.
Its HTML sanitiser is off: clean.py sanitises every title and summary with nh3.
"""

import calendar
import datetime
import html
import re
from typing import Any

import fastfeedparser.main

from ecosystem.news.ingestion.parse.dates import iso_to_utc
from ecosystem.news.ingestion.parse.entries import longer_text, text_of
from ecosystem.news.ingestion.parse.results import ParsedEntry, ParsedFeed
from ecosystem.news.ingestion.parse.sniff import declared_language

_ABSOLUTE = ("http://", "https://")
_XHTML = re.compile(rb"""type\s*=\s*["'](?:xhtml|application/xhtml\+xml)["']""")
# An Atom text construct whose text shows markup as characters ("&lt;3", "&lt;b&gt;").
_ESCAPED_MARKUP_AS_TEXT = re.compile(rb"""type\s*=\s*["']text["'][^<>]*>[^<]*&lt;""")
# A guid that is no permalink but looks like a link, which fastfeedparser would take for one.
_NON_PERMALINK_URL = re.compile(
    rb"""isPermaLink\s*=\s*["']false["'][^>]*>\s*(?:<!\[CDATA\[\s*)?https?://"""
)


def needs_feedparser(data: bytes, read: ParsedFeed) -> bool:
    """Whether the document uses a construct fastfeedparser reads wrongly; `read` is what
    fastfeedparser made of it.

    xml:base counts only when an entry's link is relative: it is mostly set to the site's
    address beside absolute links, where it changes nothing that is stored (the links in a
    summary then resolve against the entry's link, in the same site).
    """
    if b"xhtml" in data and _XHTML.search(data):
        return True
    if b"xml:base" in data and any(
        entry.link and not entry.link.startswith(_ABSOLUTE) for entry in read.entries
    ):
        return True
    if (b'="text"' in data or b"='text'" in data) and _ESCAPED_MARKUP_AS_TEXT.search(data):
        return True
    if b"isPermaLink" in data and _NON_PERMALINK_URL.search(data):
        # Only an item without a link of its own would take its guid for one.
        items = data.count(b"<item")
        links = data.count(b"<link>") + data.count(b"<link ")
        return links <= items
    return False


def read_with_feedparser(data: bytes) -> ParsedFeed:
    import feedparser  # type: ignore[import-untyped]  # imported when needed: rarely

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)
    feed = parsed.get("feed") or {}
    return ParsedFeed(
        title=_markup(feed.get("title_detail")),
        link=text_of(feed.get("link")),
        language=text_of(feed.get("language")) or declared_language(data),
        entries=[_entry(entry) for entry in parsed.get("entries") or ()],
    )


def _entry(entry: Any) -> ParsedEntry:
    description = _markup(entry.get("summary_detail"))
    contents = entry.get("content") or ()
    content = _markup(contents[0]) if contents else ""
    if content == description:
        content = ""
    link = text_of(entry.get("link"))
    return ParsedEntry(
        guid=text_of(entry.get("id")) or link,  # as on fastfeedparser's path
        link=link,
        title=_markup(entry.get("title_detail")),
        summary=longer_text(description, content),
        published=_date(entry),
        description=description if content else "",
        content=content,
    )


def _markup(detail: Any) -> str:
    """A text construct as HTML, which is what the rest of the pipeline reads: plain text
    escaped, so that its "<3" or "<b>" stays text; HTML and XHTML as they are."""
    if not detail:
        return ""
    value = text_of(detail.get("value"))
    if detail.get("type") == "text/plain":
        return html.escape(value, quote=False)
    return value


# fastfeedparser's reading of a date string (private, hence looked up with care): the same
# dates on both paths, and named zones feedparser takes for UTC ("CET") read right.
_parse_date = getattr(fastfeedparser.main, "_parse_date", None)


def _date(entry: Any) -> datetime.datetime | None:
    """The entry's publication date (else its update date) in UTC."""
    for name in ("published", "updated", "created"):
        written = entry.get(name)
        if not written:
            continue
        if _parse_date is not None:
            try:
                moment = iso_to_utc(_parse_date(written))
            except Exception:  # a routine we borrow: feedparser's reading stands
                moment = None
            if moment is not None:
                return moment
        return _struct_time(entry.get(f"{name}_parsed"))
    return None


def _struct_time(moment: Any) -> datetime.datetime | None:
    if moment is None:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(moment), datetime.UTC)
    except (OverflowError, ValueError, OSError):
        return None
