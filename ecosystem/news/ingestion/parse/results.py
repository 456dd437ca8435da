"""What parse_feed gives back, and what it raises."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ParsedEntry:
    guid: str  # the feed's id/guid, "" when none
    link: str  # entry link as given (may be relative), "" when none
    title: str  # raw title text as the feed gives it (may hold HTML/entities)
    summary: str  # raw HTML of the summary/description (or content when no summary), "" when none
    published: datetime | None  # timezone-aware (UTC) or None when missing/unparseable
    # When the feed gives a full content (content:encoded, Atom content, JSON Feed's
    # content) besides a different description: both raw, "" otherwise.
    description: str = ""
    content: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str  # the site's link, "" when none
    language: str  # e.g. "de", "" when none
    entries: list[ParsedEntry]


class FeedParseError(Exception):
    """One human-readable line: "not a feed: the document is an HTML page", "malformed XML: ...",
    "refused: the document declares entities (possible entity-expansion attack)".

    `url` is the address the caller passed to parse_feed, "" when none.
    """

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.url = url
