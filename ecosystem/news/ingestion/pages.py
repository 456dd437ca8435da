"""Page sources: a newsroom without a feed, read for links to its new articles.

Each fetch reads the page's article links (listing.py) and keeps those the source
has not stored yet: an item's guid is its link, made canonical. Up to
ARTICLES_PER_FETCH of them are fetched through articles.py (robots.txt, one request
at a time per host and a pause between two), newest first as the page lists them. An
article becomes an entry as a feed's item would: the title and date its own page
gives (Open Graph, article:published_time, JSON-LD, <time>), else the link's text
and the time it was first seen; the start of its text as the summary, and its text
as the body. An article page that cannot be had for good (robots.txt forbids it, a
404, no text) still gives an entry, from the link alone; one that may answer later
(a timeout, a 5xx, the host busy) waits, as do the links beyond the budget (or
beyond half the task's time limit). While links wait, the page's validators are not
kept, so the next fetch reads the page again even if it has not changed.
"""

import html
import time
from dataclasses import dataclass, field

from django.conf import settings

from ecosystem.news.ingestion.articles import Article, ArticleError, fetch_article
from ecosystem.news.ingestion.clean import canonical_url
from ecosystem.news.ingestion.listing import ArticleLink, BadSelector, article_links
from ecosystem.news.ingestion.parse import ParsedEntry
from ecosystem.news.ingestion.webpage import PageError, read_page
from ecosystem.news.models import BodyOrigin, BodyStatus, NewsItem, Source

# A page source's page is asked for as a web page.
ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# How much of an article's text becomes its summary (the body keeps the whole).
SUMMARY_CHARS = 400
SHORTEST_PARAGRAPH = 60
NO_ARTICLES = "the page links no articles"
# A feed source's page is taken for a list of articles when it links at least this many
# (a page that says where the feed went links one or two); an administrator who makes a
# source a page source, or gives it a selector, needs none.
FEWEST_TO_BE_A_LIST = 3
NEITHER_FEED_NOR_LIST = (
    "not a feed: the document is an HTML page that names no feed and links no articles"
)


@dataclass
class PageRead:
    entries: list[ParsedEntry] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # guid: the article page's language
    # New links not read this time, for a later fetch: the budget was spent, or
    # their site did not answer.
    waiting: list[ArticleLink] = field(default_factory=list)
    # Why articles were read from their links alone, by link (one line each).
    problems: dict[str, str] = field(default_factory=dict)


def listed_articles(body: bytes, page_url: str, selector: str = "") -> list[ArticleLink]:
    """The page's article links; PageError when it is no page or links no article."""
    try:
        links = article_links(read_page(body), page_url, selector)
    except BadSelector as exc:
        raise PageError(f"the CSS selector for article links cannot be used: {exc}") from None
    if not links:
        if selector.strip():
            raise PageError(f"{NO_ARTICLES} that the CSS selector {selector.strip()!r} picks")
        raise PageError(NO_ARTICLES)
    return links


def unseen(source: Source | None, links: list[ArticleLink]) -> list[ArticleLink]:
    """The links `source` has stored no item for yet, nor any source the same article."""
    guids = [canonical_url(link.url) for link in links]
    mine = NewsItem.objects.filter(source=source, guid__in=guids) if source else None
    stored = set(mine.values_list("guid", flat=True)) if mine is not None else set()
    # An article another source brought already is not stored twice (store.py): nor
    # is its page fetched again on every fetch.
    stored.update(
        NewsItem.objects.exclude(canonical_url="")
        .filter(canonical_url__in=guids)
        .values_list("canonical_url", flat=True)
    )
    return [link for link, guid in zip(links, guids, strict=True) if guid not in stored]


def read_articles(
    links: list[ArticleLink], *, budget: int | None = None, seconds: float | None = None
) -> PageRead:
    """Fetch the articles of `links`, at most `budget` pages (ARTICLES_PER_FETCH), and
    none once `seconds` have gone (half the task's soft time limit: a fetch that the
    limit cut short would store nothing at all)."""
    if budget is None:
        budget = int(settings.ARTICLES_PER_FETCH)
    if seconds is None:
        seconds = float(settings.CELERY_TASK_SOFT_TIME_LIMIT) / 2
    deadline = time.monotonic() + seconds
    read = PageRead()
    for link in links:
        if budget <= 0 or time.monotonic() >= deadline:
            read.waiting.append(link)
            continue
        budget -= 1
        try:
            article: Article | None = fetch_article(link.url)
        except ArticleError as exc:
            if exc.transient:
                read.waiting.append(link)
                continue
            read.problems[link.url] = str(exc)
            article = None
        guid = canonical_url(link.url)
        read.entries.append(_entry(link, guid, article))
        if article is not None and article.language:
            read.languages[guid] = article.language
    return read


def _entry(link: ArticleLink, guid: str, article: Article | None) -> ParsedEntry:
    if article is None:
        return ParsedEntry(guid=guid, link=link.url, title=link.text, summary="", published=None)
    excerpt = html.escape(_excerpt(article.text, article.title), quote=False)
    return ParsedEntry(
        guid=guid,
        link=link.url,
        title=article.title or link.text,
        summary=excerpt,
        published=article.published_at,
        # As a feed's description and full content: the excerpt is shown, the text is the
        # item's body (matched strictly, searched, never shown whole).
        description=excerpt,
        content=html.escape(article.text, quote=False),
    )


def mark_article_bodies(source: Source, guids: list[str]) -> None:
    """The bodies just stored for these items of a page source came from their article
    pages, not from a feed: say so (the store takes every entry's body for a feed's)."""
    NewsItem.objects.filter(source=source, guid__in=guids, body_origin=BodyOrigin.FEED).update(
        body_origin=BodyOrigin.ARTICLE, body_status=BodyStatus.DONE
    )


def _excerpt(text: str, title: str) -> str:
    """The article's first paragraph of prose (not its headline), cut to fit a summary."""
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    # A headline or a dateline before the first paragraph: short lines, or the title again.
    while len(paragraphs) > 1 and (
        len(paragraphs[0]) < SHORTEST_PARAGRAPH or paragraphs[0].lower() in title.lower()
    ):
        paragraphs.pop(0)
    first = paragraphs[0] if paragraphs else ""
    if len(first) <= SUMMARY_CHARS:
        return first
    cut = first[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + "…"
