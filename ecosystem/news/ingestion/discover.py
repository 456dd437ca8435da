"""Feed autodiscovery: the feeds a web page names in its <link rel="alternate"> elements.

Editors paste a site's home page rather than its feed; the page usually names
its feeds. The main one wins over comment feeds (a title or address speaking of
comments, Kommentare or 评论): the first RSS or Atom feed that is not about
comments, else the first such JSON Feed. A page that names only comment feeds
names no news feed.
"""

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from ecosystem.news.ingestion.clean import absolute_url, strip_control

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
}
# How many <link> elements are looked at: a real page has a few dozen.
MAX_LINKS = 500
_COMMENTS = re.compile(r"comment|kommentar|评论|評論|留言", re.IGNORECASE)


@dataclass(frozen=True)
class FeedLink:
    url: str  # absolute
    format: str  # "rss", "atom" or "json"
    title: str

    @property
    def about_comments(self) -> bool:
        return bool(_COMMENTS.search(self.title) or _COMMENTS.search(self.url))


def feed_links(page: HtmlElement, page_url: str) -> list[FeedLink]:
    """Every feed the page names, in document order, with absolute addresses."""
    base = _base_url(page, page_url)
    found: list[FeedLink] = []
    seen: set[str] = set()
    for element in page.iter("link"):
        if len(seen) >= MAX_LINKS:
            break
        rel = (element.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((element.get("type") or "").split(";")[0].strip().lower())
        if "alternate" not in rel or kind is None:
            continue
        url = absolute_url(element.get("href") or "", base)
        if not url or url in seen:
            continue
        seen.add(url)
        title = " ".join(strip_control(element.get("title") or "").split())[:200]
        found.append(FeedLink(url=url, format=kind, title=title))
    return found


def main_feed(links: list[FeedLink]) -> FeedLink | None:
    """The feed a source should follow: the first RSS or Atom one that is not about
    comments, else the first such JSON Feed; None when only comment feeds (or none) are named."""
    news = [link for link in links if not link.about_comments]
    for link in news:
        if link.format in ("rss", "atom"):
            return link
    return news[0] if news else None


def _base_url(page: HtmlElement, page_url: str) -> str:
    """What relative addresses resolve against: the page's <base href>, else its own URL."""
    for base in page.iter("base"):
        href = absolute_url(base.get("href") or "", page_url)
        if href:
            return href
        break
    return page_url
