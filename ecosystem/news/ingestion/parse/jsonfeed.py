"""JSON Feed (https://jsonfeed.org/version/1.1), read here: it is a dictionary away from ours."""

import html
import json

from ecosystem.news.ingestion.messages import one_line
from ecosystem.news.ingestion.parse.dates import parse_date
from ecosystem.news.ingestion.parse.entries import text_of
from ecosystem.news.ingestion.parse.results import FeedParseError, ParsedEntry, ParsedFeed


def parse_json_feed(data: bytes) -> ParsedFeed:
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise FeedParseError(one_line(f"malformed JSON: {exc}")) from None
    except RecursionError:
        raise FeedParseError("malformed JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise FeedParseError("not a feed: the document is JSON but not a JSON Feed")
    version = document.get("version")
    items = document.get("items")
    if not (isinstance(version, str) and "jsonfeed.org" in version) and not isinstance(items, list):
        raise FeedParseError("not a feed: the document is JSON but not a JSON Feed")
    # A JSON Feed whose items are not a list has no entries we can read.
    items = items if isinstance(items, list) else []
    entries = [_json_entry(item) for item in items if isinstance(item, dict)]
    return ParsedFeed(
        title=text_of(document.get("title")),
        link=text_of(document.get("home_page_url")),
        language=text_of(document.get("language")),
        entries=entries,
    )


def _json_entry(item: dict) -> ParsedEntry:
    guid = item.get("id")
    if isinstance(guid, int | float) and not isinstance(guid, bool):
        guid = str(guid)  # the spec asks for a string; numbers are common
    # JSON Feed's summary and content_text are plain text; our summary is HTML.
    summary = text_of(item.get("summary"))
    content = text_of(item.get("content_html")) or html.escape(
        text_of(item.get("content_text")), quote=False
    )
    description = ""
    if summary:
        summary = description = html.escape(summary, quote=False)
    else:
        summary, content = content, ""
    if content == description:
        content = description = ""
    return ParsedEntry(
        guid=text_of(guid),
        link=text_of(item.get("url")) or text_of(item.get("external_url")),
        title=text_of(item.get("title")),
        summary=summary,
        published=parse_date(item.get("date_published") or item.get("date_modified")),
        description=description,
        content=content,
    )
