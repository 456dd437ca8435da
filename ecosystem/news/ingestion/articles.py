"""Article pages: fetched politely, their main text and metadata read out.

The public interface is :func:`fetch_article` (the network, then
:func:`extract_article`) and :class:`ArticleError`. Other modules (the full-text
step of teaser feeds, newsroom pages) build on these two and nothing else here.

Politeness
    Every request goes through the feed fetcher (fetch.py: the address check at
    connect, time and size limits, bounded redirects) with an HTML Accept header
    and the product's User-Agent. A host's robots.txt is read once and kept in
    the Django cache for ``ARTICLES_ROBOTS_SECONDS``; a page it disallows is not
    fetched. One page at a time per host, and ``ARTICLES_HOST_DELAY`` seconds
    between two requests to it, across every worker: the host's slot
    (models.HostSlot) is taken with a conditional UPDATE before robots.txt or
    the page is read and given back with the pause when the request ends.

Extraction
    trafilatura finds the main text, without navigation, sidebars, "related"
    lists, comments or footers (its precision mode: it rather leaves out a
    doubtful block than takes boilerplate in). The title, the date and the
    canonical address come from the page's own metadata: Open Graph,
    ``article:published_time``, JSON-LD (NewsArticle and its kin), ``<time>``.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import trafilatura
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ecosystem.news.ingestion.clean import absolute_url, plain_text, strip_control
from ecosystem.news.ingestion.fetch import FetchError, fetch
from ecosystem.news.ingestion.messages import one_line
from ecosystem.news.ingestion.parse.dates import parse_date

__all__ = ["Article", "ArticleError", "extract_article", "fetch_article"]

logger = logging.getLogger(__name__)

ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "")
MAX_TEXT = 50_000  # characters of main text kept
MAX_TITLE = 1000
# Less text than this is a menu or a notice that was left over, not an article.
MIN_TEXT = 100
MAX_ROBOTS_BYTES = 512 * 1024
# Longest a worker waits for a host's slot before it leaves the page for a later run.
SLOT_WAIT_SECONDS = 30
# Boilerplate trafilatura's English-minded rules miss: German and pinyin class and id
# names of comment sections and "more articles" lists.
_PRUNE = [
    f"//*[contains(@class, '{name}') or contains(@id, '{name}')]"
    for name in ("kommentar", "weitere", "verwandt", "pinglun", "xiangguan", "tuijian")
]
_JSON_LD_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage"}


@dataclass(frozen=True)
class Article:
    url: str  # where the page was found, after redirects
    canonical_url: str  # the page's <link rel="canonical"> or og:url, else `url`
    title: str  # plain text, "" when the page has none
    published_at: datetime.datetime | None  # UTC, None when the page does not say
    text: str  # the main text, plain; paragraphs separated by blank lines; at most MAX_TEXT
    language: str  # <html lang>, "" when none


class ArticleError(Exception):
    """An article page that could not be had. ``str(error)`` is one line for the admin.

    ``transient`` says whether a later try may succeed (a timeout, a 5xx, the host
    busy) or not (robots.txt disallows it, a 404, no text on the page).
    ``disallowed``: the site's robots.txt does not allow the page. ``busy``: the
    page was not asked for at all, as the host's turn did not come in time.
    """

    def __init__(
        self, message: str, *, transient: bool = False, disallowed: bool = False, busy: bool = False
    ) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.transient = transient or busy
        self.disallowed = disallowed
        self.busy = busy


def fetch_article(url: str, *, respect_robots: bool = True) -> Article:
    """Fetch the page at `url` and read its article; raises ArticleError.

    Waits for the host's turn (at most SLOT_WAIT_SECONDS), reads its robots.txt
    when the cache has none, then the page.
    """
    host = _host_of(url)
    with _host_slot(host):
        if respect_robots and not _robots_allow(url):
            raise ArticleError(
                "robots.txt of the site does not allow fetching the page", disallowed=True
            )
        try:
            page = fetch(url, accept=ACCEPT_HTML, max_bytes=int(settings.ARTICLES_MAX_BYTES))
        except FetchError as exc:
            raise ArticleError(str(exc), transient=exc.transient) from None
    media_type = page.content_type.split(";")[0].strip().lower()
    if media_type not in HTML_TYPES:
        raise ArticleError(f"not a web page: the server sent {media_type[:60]}")
    return extract_article(page.body, url=page.url)


def extract_article(html: bytes | str, *, url: str) -> Article:
    """The article in a page already in hand (no network); raises ArticleError."""
    if isinstance(html, bytes) and b"\x00" in html[:4096]:
        raise ArticleError("not a web page: the body is binary data")
    try:
        tree = trafilatura.load_html(html)
    except Exception as exc:  # the parser's own failures on hostile markup
        raise ArticleError(f"unreadable page: {type(exc).__name__}") from None
    if tree is None:
        raise ArticleError("unreadable page: no HTML could be read from it")
    try:
        title, published, canonical, language = _metadata(tree, url)
        text = trafilatura.extract(
            tree,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            with_metadata=False,
            prune_xpath=_PRUNE,
        )
    except (RecursionError, MemoryError):
        raise ArticleError("unreadable page: its HTML is nested too deeply") from None
    except Exception as exc:  # trafilatura's bugs on odd pages end as data, not a crash
        raise ArticleError(f"could not extract the article: {type(exc).__name__}") from None
    text = _paragraphs(text or "")
    if len(text) < MIN_TEXT:
        raise ArticleError("no article text found on the page")
    return Article(
        url=url,
        canonical_url=canonical or url,
        title=title,
        published_at=published,
        text=text,
        language=language,
    )


# --- Metadata ------------------------------------------------------------------------


def _metadata(tree: Any, url: str) -> tuple[str, datetime.datetime | None, str, str]:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    ld = _json_ld(tree)
    title = (
        metas.get("og:title")
        or _ld_text(ld.get("headline"))
        or _first_text(tree, "//title")
        or _first_text(tree, "//h1")
    )
    dates = (
        metas.get("article:published_time"),
        metas.get("og:published_time"),
        _ld_text(ld.get("datePublished")),
        metas.get("datepublished"),
        metas.get("pubdate"),
        metas.get("date"),
        *(element.get("datetime") for element in tree.iterfind(".//time")),
    )
    published = next((moment for value in dates if (moment := _date(value))), None)
    canonical = ""
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = absolute_url(link.get("href") or "", url)
            break
    canonical = canonical or absolute_url(metas.get("og:url", ""), url)
    root = tree if tree.tag == "html" else tree.getroottree().getroot()
    language = strip_control(root.get("lang") or "").strip()[:10]
    return plain_text(title or "")[:MAX_TITLE], published, canonical, language


def _json_ld(tree: Any) -> dict[str, Any]:
    """The first article-like object of the page's JSON-LD, {} when none."""
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text[:200_000])
        except ValueError:
            continue
        for thing in _things(data):
            kinds = thing.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(kind in _JSON_LD_TYPES for kind in kinds if isinstance(kind, str)):
                return thing
    return {}


def _things(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 3:
        return
    if isinstance(data, list):
        for entry in data[:50]:
            yield from _things(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _things(data.get("@graph"), depth + 1)


def _ld_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _first_text(tree: Any, path: str) -> str:
    for element in tree.xpath(path)[:1]:
        return " ".join(element.text_content().split())
    return ""


def _date(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    moment = parse_date(value.strip()[:64])
    if moment is None or moment > timezone.now() + datetime.timedelta(days=1):
        return None
    return moment


def _paragraphs(text: str) -> str:
    """trafilatura's lines as paragraphs, control characters gone, cut at MAX_TEXT."""
    lines = (" ".join(strip_control(line).split()) for line in text.splitlines())
    text = "\n\n".join(line for line in lines if line)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rstrip() + "…"
    return text


# --- Politeness ----------------------------------------------------------------------


def _host_of(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise ArticleError(f"invalid URL: {url[:200]!r}") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ArticleError(f"invalid URL: {url[:200]!r}")
    return f"{host}:{port}" if port else host


@contextmanager
def _host_slot(host: str) -> Iterator[None]:
    """Hold `host`'s slot while the block runs; waits for it at most SLOT_WAIT_SECONDS."""
    from ecosystem.news.models import HostSlot

    # As long as a fetch of robots.txt and of the page may last: a worker that dies
    # holding the slot holds it no longer than that.
    lease = datetime.timedelta(seconds=2 * float(settings.FEEDS_TOTAL_TIMEOUT) + 5)
    delay = datetime.timedelta(seconds=float(settings.ARTICLES_HOST_DELAY))
    HostSlot.objects.bulk_create(
        [HostSlot(host=host, free_at=timezone.now())], ignore_conflicts=True
    )
    deadline = time.monotonic() + SLOT_WAIT_SECONDS
    while True:
        now = timezone.now()
        taken = HostSlot.objects.filter(host=host, free_at__lte=now).update(free_at=now + lease)
        if taken:
            break
        if time.monotonic() > deadline:
            raise ArticleError(f"{host} is busy: its turn did not come in time", busy=True)
        free_at = HostSlot.objects.filter(host=host).values_list("free_at", flat=True).first()
        wait = (free_at - now).total_seconds() if free_at else 0.0
        # Held by a fetch (a lease) or pausing: look again soon, or when the pause ends.
        time.sleep(min(max(wait, 0.02), 0.25))
    try:
        yield
    finally:
        HostSlot.objects.filter(host=host).update(free_at=timezone.now() + delay)


def _robots_allow(url: str) -> bool:
    parts = urlsplit(url)
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    key = f"articles:robots:{origin}"
    try:
        rules = cache.get(key)
    except Exception:  # a cache that is down: robots.txt is read again
        rules = None
    if rules is None:
        rules = _read_robots(f"{origin}/robots.txt")
        # robots.txt was a request to the host too: the page waits its pause.
        time.sleep(float(settings.ARTICLES_HOST_DELAY))
        try:
            cache.set(key, rules, int(settings.ARTICLES_ROBOTS_SECONDS))
        except Exception:
            logger.warning("could not cache robots.txt of %s", origin)
    parser = RobotFileParser()
    parser.parse(rules.splitlines())
    return parser.can_fetch(str(settings.FEEDS_USER_AGENT), url)


def _read_robots(url: str) -> str:
    """The rules of robots.txt at `url`: "" allows everything.

    As RFC 9309 says: a missing robots.txt (4xx) allows everything; one that
    cannot be read (5xx, the network) disallows everything for now.
    """
    try:
        response = fetch(url, accept="text/plain, */*;q=0.5", max_bytes=MAX_ROBOTS_BYTES)
    except FetchError as exc:
        if exc.status is not None and 400 <= exc.status < 500:
            return ""
        if "too large" in exc.message:
            return ""
        raise ArticleError(f"robots.txt could not be read: {exc}", transient=True) from None
    return response.body.decode("utf-8", "replace")
