"""RSS and Atom: read by fastfeedparser, and its dictionaries turned into ours."""

import html
import re

import fastfeedparser
import fastfeedparser.main

from ecosystem.news.ingestion.messages import one_line
from ecosystem.news.ingestion.parse.dates import iso_to_utc
from ecosystem.news.ingestion.parse.guards import repair_references
from ecosystem.news.ingestion.parse.results import FeedParseError, ParsedEntry, ParsedFeed
from ecosystem.news.ingestion.parse.sniff import declared_language


def read_xml(data: bytes, root: str) -> ParsedFeed:
    """Read an RSS or Atom document (UTF-8, guarded) with fastfeedparser."""
    data = repair_references(data)
    try:
        parsed = fastfeedparser.parse(data)
    except ValueError as exc:
        raise _explain(exc, root, data) from exc
    except Exception as exc:  # the library's own bugs must not escape as anything else
        detail = one_line(f"{type(exc).__name__}: {exc}")
        raise FeedParseError(f"unreadable feed: fastfeedparser failed with {detail}") from exc
    return _from_library(parsed, data)


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
    return ParsedEntry(
        guid=text_of(raw.get("id")),
        link=text_of(raw.get("link")),
        title=text_of(raw.get("title")),
        summary=_summary(raw),
        published=iso_to_utc(raw.get("published")),
    )


def text_of(value: object) -> str:
    return value.strip() if value.__class__ is str else ""


# fastfeedparser fills a missing description with a plain-text cut of the content (tags
# dropped, entities decoded, whitespace collapsed, at most 512 characters). The summary we
# promise is raw HTML, so such a cut is replaced by the content it was cut from. The cut is
# recognised by making it again with fastfeedparser's own routine (private, hence the guard).
_synthesize = getattr(fastfeedparser.main, "_synthesize_entry_description", None)
_CUT_CHARS = 512
_CUT_SOURCE_CHARS = 2048
_RE_TAG = re.compile(r"<[^>]+>")


def _summary(raw: dict) -> str:
    description = text_of(raw.get("description"))
    content = raw.get("content")
    if not content or content[0].__class__ is not dict:
        return description
    original = content[0].get("value")
    value = text_of(original)
    if not description:
        return value
    if (
        value == description
        or len(description) > _CUT_CHARS
        # `original` is a str: fastfeedparser's content values are strings.
        or not _may_be_cut(description, original)  # type: ignore[arg-type]
    ):
        return description
    probe: dict[str, object] = {"content": [{"value": original}]}
    try:
        # Not None here: without it, _may_be_cut() says False.
        _synthesize(probe)  # type: ignore[misc]
    except Exception:  # a routine we borrow: if it fails, the description stays
        return description
    return value if probe.get("description") == description else description


def _may_be_cut(description: str, content: str) -> bool:
    """A quick "no" for most descriptions that are not a cut of the content.

    A cut shorter than 512 characters is all the text of the content's first 2,048
    characters, so it ends with whatever text the last of them hold.
    """
    if _synthesize is None:
        return False
    if len(description) == _CUT_CHARS or "<" not in content:
        return True
    window = content[:_CUT_SOURCE_CHARS]
    for size in _CUT_TAILS:
        if len(window) <= size:
            text = window
        else:
            # From the first tag end in the tail on, no tag or entity is cut in half.
            tag_end = window.find(">", len(window) - size)
            if tag_end == -1:
                continue
            text = window[tag_end + 1 :]
        text = _RE_TAG.sub(" ", text)
        if "&" in text:
            text = html.unescape(text)
        ending = "".join(text.split())
        if ending or len(window) <= size:
            return "".join(description.split()).endswith(ending)
    return True


_CUT_TAILS = (160, 640, _CUT_SOURCE_CHARS)
