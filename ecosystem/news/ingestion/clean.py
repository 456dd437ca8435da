"""Turn a parsed feed entry into something safe and bounded to store.

Titles become plain text; summaries keep a small allow-list of HTML, sanitised
by nh3 (ammonia), with relative links resolved against the entry or the feed.
When a feed gives a full content besides the description, the description is
the summary and the content, as plain text, the item's body.
Control characters and NUL bytes (which PostgreSQL refuses) go, overlong fields
are cut, and dates end up in UTC: a missing date takes the fetch time and a date
far in the future is not believed. Each entry's language is read from its own
text (ecosystem/news/language.py), the feed's only when the text cannot tell.
"""

import datetime
import hashlib
import html
import re
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import nh3

from ecosystem.news.ingestion.parse import ParsedEntry
from ecosystem.news.language import item_language

MAX_TITLE = 1000
MAX_SUMMARY = 20_000
MAX_BODY = 50_000
# Markup read for a body: a body's worth of text even in tag-heavy HTML, and no more.
MAX_BODY_MARKUP = 8 * MAX_BODY
MAX_URL = 2000
MAX_GUID = 500
# Feeds that date items a little ahead (time zones done wrong) are common; a
# date further out than this is a feed error and the fetch time is used instead.
FUTURE_TOLERANCE = datetime.timedelta(days=1)
# Before the web had news feeds: a placeholder date ("0001-01-01"), not a real one.
EARLIEST = datetime.datetime(1995, 1, 1, tzinfo=datetime.UTC)

SUMMARY_TAGS = {"a", "p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "code"}
SUMMARY_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https"}
# Characters that are never text: C0 controls but tab/newline, DEL, C1 controls,
# lone surrogates (which no database encoding accepts) and noncharacters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# A summary that is one paragraph of plain text (a byte-order mark inside is left to nh3).
_ONE_PARAGRAPH = re.compile("<p>([^<&\ufeff]*)</p>")
# A tag in nh3's output; quoted attribute values may contain ">".
_TAG = re.compile(r'<[^"<>]*(?:"[^"]*"[^"<>]*)*>')
# Query parameters that only track the reader; dropping them makes two links to
# the same article equal.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|spm)$", re.I
)


@dataclass(frozen=True)
class CleanEntry:
    guid: str
    url: str
    canonical_url: str
    title: str
    summary: str  # sanitised HTML
    summary_text: str  # the summary as plain text, for matching
    published_at: datetime.datetime
    language: str  # detected from the title and summary, else the feed's
    body: str = ""  # the feed's full content as plain text, at most MAX_BODY characters


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text)


def plain_text(markup: str) -> str:
    """Text content of a fragment of HTML, with entities decoded and whitespace collapsed."""
    markup = strip_control(markup)
    if "<" in markup or "&" in markup:
        return _text(_NO_TAGS.clean(markup))
    # Plain text already: the HTML parser would only drop a leading byte order mark.
    return " ".join(markup.removeprefix("\ufeff").split())


def text_of_sanitised(markup: str) -> str:
    """`plain_text` of what nh3 returned, without parsing it again.

    nh3 serialises a parsed tree: every "<" left in its output opens a tag, and
    attribute values are quoted, so removing the tags leaves the text content.
    """
    return _text(markup.removeprefix("\ufeff"))


def _text(serialised: str) -> str:
    text = html.unescape(_TAG.sub("", serialised))
    # Control characters can also arrive as character references (&#1;).
    return " ".join(strip_control(text).split())


def absolute_url(link: str, base: str) -> str:
    """`link` resolved against `base`, or "" unless the result is a plain http(s) URL."""
    link = strip_control(link).strip()
    if not link:
        return ""
    try:
        parts = urlsplit(link)
        if _joins_to_itself(link, parts):
            url = link  # what urljoin gives back, at less than half its cost
        else:
            url = urljoin(base, link)
            parts = urlsplit(url)
        _ = parts.port  # raises for a port that is no number or out of range: no link
    except ValueError:
        return ""
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc or len(url) > MAX_URL:
        return ""
    return url


def _joins_to_itself(link: str, parts: SplitResult) -> bool:
    """Whether urljoin(base, link) is `link` whatever the base: most feeds' links.

    An absolute http(s) link with a host comes back from urljoin as it is, or put
    together again from its parts; that is the link itself unless splitting changed
    something (an empty "?" or "#", a scheme in capitals, a tab) or the path has
    parameters (";"), which urljoin splits off on their own.
    """
    return (
        parts.scheme in URL_SCHEMES
        and bool(parts.netloc)
        and ";" not in parts.path
        and urlunsplit(parts) == link
    )


def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment, default port or case in scheme and host."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not (
        (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    query = parts.query and urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def sanitise_summary(markup: str, base: str) -> str:
    markup = strip_control(markup)[:MAX_SUMMARY]
    if "<" not in markup and "&" not in markup:
        # Plain text holds nothing to sanitise: it is written as nh3 would serialise it
        # (the test suite compares the two), at a tenth of the cost of parsing it.
        return _as_serialised_text(markup).strip()
    paragraph = _ONE_PARAGRAPH.fullmatch(markup)
    if paragraph:
        # One paragraph of plain text, the commonest summary of all: the same holds.
        return f"<p>{_as_serialised_text(paragraph[1])}</p>"
    token = _LINK_BASE.set(base)
    try:
        # nh3 decodes character references (&#1;) into the characters themselves.
        return strip_control(_SUMMARY.clean(markup)).strip()
    finally:
        _LINK_BASE.reset(token)


def _as_serialised_text(text: str) -> str:
    """Text without "<" or "&" as an HTML parser and serialiser give it back: line breaks
    normalised, a leading byte-order mark dropped, ">" and no-break spaces as references."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff").replace(">", "&gt;").replace("\xa0", "&nbsp;")


def _resolve(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href":
        return absolute_url(value, _LINK_BASE.get()) or None
    return value


# Built once: building nh3's configuration costs more than cleaning a typical summary.
_NO_TAGS = nh3.Cleaner(tags=set())
# The base that relative links of the summary being sanitised resolve against.
_LINK_BASE: ContextVar[str] = ContextVar("link_base")
_SUMMARY = nh3.Cleaner(
    tags=SUMMARY_TAGS,
    attributes=SUMMARY_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    attribute_filter=_resolve,
)


def believable_date(
    published: datetime.datetime | None, fetched_at: datetime.datetime
) -> datetime.datetime | None:
    """The entry's date in UTC, or None for none, a garbage or a future one."""
    try:
        # None raises the AttributeError below: no separate check on the per-entry path.
        published = published.astimezone(datetime.UTC)  # type: ignore[union-attr]
    except (AttributeError, ValueError, OverflowError):  # none, or beyond year 1 or 9999
        return None
    if not EARLIEST <= published <= fetched_at + FUTURE_TOLERANCE:
        return None
    return published


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean_entry(
    entry: ParsedEntry, *, feed_url: str, fetched_at: datetime.datetime, language: str = ""
) -> CleanEntry | None:
    """A storable entry, or None for one with neither a title nor a link nor a summary.

    `language` is the feed's (its source's) language tag, for entries whose text is too
    short to tell their own.
    """
    url = absolute_url(entry.link, feed_url)
    base = url or feed_url
    title = _cut(plain_text(entry.title), MAX_TITLE)
    body = ""
    if entry.content:
        # The full content is the item's body, matched strictly and shown only in part;
        # the description is its summary.
        body = _cut(plain_text(entry.content[:MAX_BODY_MARKUP]), MAX_BODY)
        summary = sanitise_summary(entry.description or entry.summary, base)
    else:
        summary = sanitise_summary(entry.summary, base)
    summary_text = text_of_sanitised(summary)
    if not title:
        title = _cut(summary_text, 140) or url
    if not title:
        return None

    published = believable_date(entry.published, fetched_at) or fetched_at

    canonical = canonical_url(url)
    guid = strip_control(entry.guid).strip() or canonical
    if not guid:
        digest = hashlib.sha256(f"{title}\n{summary_text}".encode()).hexdigest()
        guid = f"sha256:{digest}"
    if len(guid) > MAX_GUID:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    return CleanEntry(
        guid=guid,
        url=url,
        canonical_url=canonical[:MAX_URL],
        title=title,
        summary=summary,
        summary_text=summary_text,
        published_at=published,
        language=item_language(title, summary_text, language)[:10],
        body=body,
    )
