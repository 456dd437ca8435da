"""What the next fetch of a source would store, without storing anything.

The same steps as the pipeline (fetch, parse, clean with each item's language,
match brands, put in categories), stopping before the store: no row is written,
no source is created or updated, no lease is taken. `manage.py fetch_feed
--dry-run --json` prints it and the admin shows it, so that an administrator can
see why a source looks wrong, or what a web page would give before saving it.

A web page is previewed as the pipeline would read it: the feed it names, or,
naming none, its links to articles, of which the first PREVIEW_ARTICLES new ones
(as many as PREVIEW_SECONDS allow) are fetched: their titles and dates come from
their own pages; the rest are counted, and read by the fetches themselves.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.ingestion import pages
from ecosystem.news.ingestion.clean import CleanEntry, believable_date, clean_entry
from ecosystem.news.ingestion.discover import feed_links, main_feed
from ecosystem.news.ingestion.fetch import FetchError, FetchResult, fetch
from ecosystem.news.ingestion.parse import FeedParseError, ParsedEntry, parse_feed
from ecosystem.news.ingestion.webpage import PageError, is_web_page, read_page
from ecosystem.news.matching.attach import match_item
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import Source

# How many article pages a preview of a page source fetches, and for how long it
# starts new ones: a preview answers while the administrator waits (the web
# worker's timeout is 30 seconds), and the host's pause applies between two.
PREVIEW_ARTICLES = 5
PREVIEW_SECONDS = 12


@dataclass(frozen=True)
class PreviewEntry:
    guid: str
    title: str
    url: str
    published_at: datetime.datetime | None  # None: the feed gives no date we believe
    summary: str  # sanitised HTML, as stored
    language: str
    brands: list[str]  # slugs
    categories: list[str]  # slugs

    def as_json(self, feed: str) -> dict[str, object]:
        """The entry as `fetch_feed --dry-run --json` prints it, `feed` being the URL asked for."""
        published = self.published_at
        return {
            "feed": feed,
            "guid": self.guid,
            "title": self.title,
            "url": self.url,
            "published_at": published.isoformat().replace("+00:00", "Z") if published else None,
            "summary": self.summary,
            "language": self.language,
            "brands": self.brands,
            "categories": self.categories,
        }


@dataclass(frozen=True)
class Preview:
    url: str
    entries: list[PreviewEntry] = field(default_factory=list)
    error: str = ""  # one line when the feed cannot be fetched or read
    kind: str = Source.Kind.FEED  # what the source is, or would become
    feed_url: str = ""  # the feed the page at `url` names, which the source would read
    # A page: new article links this preview did not read, and the stored ones it skipped.
    waiting: int = 0
    known: int = 0


def preview(
    url: str,
    *,
    kind: str | None = None,
    selector: str | None = None,
    now: datetime.datetime | None = None,
) -> Preview:
    """The entries the next fetch of `url` would produce, or the error it would record.

    A source with this URL lends its language (for items too short to tell their own),
    its kind and its CSS selector, unless `kind` or `selector` are given (the admin's
    form before it is saved); its conditional-GET validators are not sent, so the whole
    feed comes back. A page source's articles it has stored already are left out, as
    the fetch would leave them.
    """
    now = now or timezone.now()
    source = Source.objects.filter(url=url).first()
    kind = kind or (source.kind if source else Source.Kind.FEED)
    selector = (source.link_selector if source else "") if selector is None else selector
    language = source.language if source else ""
    try:
        if kind == Source.Kind.PAGE:
            response = fetch(url, accept=pages.ACCEPT)
            return _page(url, response, source, selector, language, now)
        response = fetch(url)
        if is_web_page(response.body) and (source is None or not source.page_url):
            return _web_page(url, response, source, selector, language, now)
        return _feed(url, response, language, now)
    except (FetchError, FeedParseError, PageError) as exc:
        return Preview(url, error=" ".join(str(exc).split()), kind=kind)


def _feed(
    url: str,
    response: FetchResult,
    language: str,
    now: datetime.datetime,
    *,
    feed_url: str = "",
) -> Preview:
    feed = parse_feed(response.body, url=response.url or url)
    language = language or feed.language[:10]
    entries = _entries(feed.entries, response.url or url, language, {}, now)
    return Preview(url, entries, feed_url=feed_url)


def _web_page(
    url: str,
    response: FetchResult,
    source: Source | None,
    selector: str,
    language: str,
    now: datetime.datetime,
) -> Preview:
    """A feed source's URL answered with a web page: the feed it names, or the page itself."""
    feed = main_feed(feed_links(read_page(response.body), response.url))
    if feed is not None:
        return _feed(url, fetch(feed.url), language, now, feed_url=feed.url)
    try:
        links = pages.listed_articles(response.body, response.url, selector)
    except PageError:
        raise PageError(pages.NEITHER_FEED_NOR_LIST) from None
    if len(links) < pages.FEWEST_TO_BE_A_LIST and not selector.strip():
        raise PageError(pages.NEITHER_FEED_NOR_LIST)
    return _page(url, response, source, selector, language, now)


def _page(
    url: str,
    response: FetchResult,
    source: Source | None,
    selector: str,
    language: str,
    now: datetime.datetime,
) -> Preview:
    links = pages.listed_articles(response.body, response.url, selector)
    fresh = pages.unseen(source, links)
    budget = min(PREVIEW_ARTICLES, int(settings.ARTICLES_PER_FETCH))
    read = pages.read_articles(fresh, budget=budget, seconds=PREVIEW_SECONDS)
    entries = _entries(read.entries, response.url, language, read.languages, now)
    return Preview(
        url,
        entries,
        kind=Source.Kind.PAGE,
        waiting=len(read.waiting),
        known=len(links) - len(fresh),
    )


def _entries(
    parsed_entries: list[ParsedEntry],
    base_url: str,
    language: str,
    languages: dict[str, str],
    now: datetime.datetime,
) -> list[PreviewEntry]:
    matcher, categoriser = Matcher.from_database(), Categoriser.from_database()
    brand_slugs = dict(Brand.objects.values_list("pk", "slug"))
    category_slugs = dict(ProductCategory.objects.values_list("pk", "slug"))
    entries = []
    guids: set[str] = set()
    for parsed in parsed_entries:
        entry: CleanEntry | None = clean_entry(
            parsed,
            feed_url=base_url,
            fetched_at=now,
            language=language or languages.get(parsed.guid, "")[:10],
        )
        if entry is None or entry.guid in guids:
            continue  # stored as the store would: nothing, or the first of each guid
        guids.add(entry.guid)
        found, category_ids = match_item(
            entry.title, entry.summary_text, matcher, categoriser, content=entry.body
        )
        entries.append(
            PreviewEntry(
                guid=entry.guid,
                title=entry.title,
                url=entry.url,
                published_at=believable_date(parsed.published, now),
                summary=entry.summary,
                language=entry.language,
                brands=sorted({brand_slugs[hit.brand_id] for hit in found}),
                categories=sorted(category_slugs[pk] for pk in category_ids),
            )
        )
    return entries
