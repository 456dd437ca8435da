"""RSS and Atom: read by fastfeedparser, and its dictionaries turned into ours."""

import re

import fastfeedparser

from ecosystem.news.ingestion.messages import one_line
from ecosystem.news.ingestion.parse.dates import iso_to_utc
from ecosystem.news.ingestion.parse.guards import repair_references
from ecosystem.news.ingestion.parse.results import FeedParseError, ParsedEntry, ParsedFeed
from ecosystem.news.ingestion.parse.sniff import declared_language


def read_xml(data: bytes, root: str) -> ParsedFeed:
    """Read an RSS or Atom document (UTF-8, guarded) with fastfeedparser, or with feedparser
    when it uses a construct fastfeedparser reads wrongly (see fallback.py)."""
    data = repair_references(data)
    try:
        parsed = fastfeedparser.parse(data)
    except ValueError as exc:
        raise _explain(exc, root, data) from exc
    except Exception as exc:  # the library's own bugs must not escape as anything else
        detail = one_line(f"{type(exc).__name__}: {exc}")
        raise FeedParseError(f"unreadable feed: fastfeedparser failed with {detail}") from exc
    feed = _from_library(parsed, data)
    # Imported here: fallback.py builds on this module's helpers.
    from ecosystem.news.ingestion.parse.fallback import needs_feedparser, read_with_feedparser

    if needs_feedparser(data, feed):
        try:
            faithful = read_with_feedparser(data)
        except Exception:  # feedparser's failure leaves what fastfeedparser read
            return feed
        # feedparser gives up on some documents that fastfeedparser recovers from.
        if len(faithful.entries) >= len(feed.entries):
            return faithful
    return feed


_NOT_A_FEED = {
    "urlset": "an XML sitemap",
    "sitemapindex": "an XML sitemap index",
    "opml": "an OPML outline",
    "svg": "an SVG image",
}


def _explain(exc: ValueError, root: str, data: bytes) -> FeedParseError:
    """A FeedParseError for what fastfeedparser refused, in our words."""
    message = str(exc)
    if not data.rstrip().endswith(b">"):
        return FeedParseError("malformed XML: the document stops in the middle (truncated?)")
    if "HTML fragment" in message:
        return FeedParseError("not a feed: the document is an HTML fragment")
    if "HTML" in message:
        return FeedParseError("not a feed: the document is an HTML page")
    if root in _NOT_A_FEED:
        return FeedParseError(f"not a feed: the document is {_NOT_A_FEED[root]}")
    if "status message" in message or "returned error" in message:
        text = message.partition(": ")[2]
        return FeedParseError(one_line(f"not a feed: the server sent an error document: {text}"))
    if message.startswith("Unknown Atom namespace"):
        return FeedParseError(
            "not a feed: the <feed> element is not in the Atom namespace "
            "(http://www.w3.org/2005/Atom)"
        )
    if message.startswith("Unknown feed type"):
        return FeedParseError(
            f"not a feed: the root element is <{root or '?'}>, not <rss>, <feed> or <rdf:RDF>"
        )
    if "missing channel" in message:
        return FeedParseError("not a feed: the <rss> element holds no <channel>")
    cause = exc.__cause__ or exc.__context__
    if cause is not None and type(cause).__name__ == "XMLSyntaxError":
        return FeedParseError(one_line(f"malformed XML: {cause}"))
    if "couldn't be parsed as XML" in message or "empty content" in message.lower():
        return FeedParseError("malformed XML: no element could be read from the document")
    return FeedParseError(one_line(f"malformed XML: {message}"))


def _from_library(parsed: dict, data: bytes) -> ParsedFeed:
    feed = parsed.get("feed") or {}
    entries = [_entry(raw) for raw in parsed.get("entries") or ()]
    # fastfeedparser reads only xml:lang, not RSS's <language> or RSS 1.0's <dc:language>.
    language = text_of(feed.get("language")) or declared_language(data)
    return ParsedFeed(
        title=text_of(feed.get("title")),
        link=text_of(feed.get("link")),
        language=language,
        entries=entries,
    )


def _entry(raw: dict) -> ParsedEntry:
    guid = text_of(raw.get("id"))
    # A permalink guid, or an Atom id that is a web address, is the link of an entry that
    # has none (as feedparser reads it); guids marked isPermaLink="false" go to feedparser.
    link = text_of(raw.get("link")) or (guid if guid.startswith(("http://", "https://")) else "")
    description, content = _description_and_content(raw)
    return ParsedEntry(
        guid=guid,
        link=link,
        title=text_of(raw.get("title")),
        summary=longer_text(description, content),
        published=iso_to_utc(raw.get("published")),
        description=description if content else "",
        content=content,
    )


def text_of(value: object) -> str:
    return value.strip() if value.__class__ is str else ""


def _description_and_content(raw: dict) -> tuple[str, str]:
    """The description and the content (content:encoded, Atom's content) as raw HTML; the
    content "" when the feed has none besides the description (fastfeedparser repeats a
    lone description as the content). Where a description is missing fastfeedparser puts
    a plain-text cut of the content's beginning: the item's lede, a fair summary.
    """
    description = text_of(raw.get("description"))
    content = raw.get("content")
    if not content or content[0].__class__ is not dict:
        return description, ""
    value = text_of(content[0].get("value"))
    return description, ("" if value == description else value)


_RE_TAG = re.compile(r"<[^>]+>")


def longer_text(description: str, content: str) -> str:
    """`content` unless `description` holds more text (HTML tags not counted)."""
    if not description or description == content:
        return content or description
    if not content:
        return description
    if len(content) >= 8 * len(description) + 512:
        # Nine tenths of it would have to be tags for the content to say less: it is
        # taken without counting (most contents of real feeds are whole articles).
        return content
    wanted = len(_RE_TAG.sub("", description)) if "<" in description else len(description)
    return content if _text_reaches(content, wanted) else description


def _text_reaches(markup: str, length: int) -> bool:
    """Whether `markup` holds at least `length` characters of text.

    Contents run to tens of kilobytes, descriptions to a few lines: the content's text is
    counted in growing windows, mostly only as far as the description's length.
    """
    if len(markup) < length:
        return False
    window = max(4 * length, 2048)
    while True:
        part = markup[:window]
        if len(_RE_TAG.sub("", part)) >= length:
            return True
        if window >= len(markup):
            return False
        window *= 4
