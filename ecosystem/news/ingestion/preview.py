"""What the next fetch of a feed would store, without storing anything.

The same steps as the pipeline (fetch, parse, clean with each item's language,
match brands, put in categories), stopping before the store: no row is written,
no source is created or updated, no lease is taken. `manage.py fetch_feed
--dry-run --json` prints it and the admin's source page shows it, so that an
administrator can see why a feed looks wrong.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.ingestion.clean import believable_date, clean_entry
from ecosystem.news.ingestion.fetch import FetchError, fetch
from ecosystem.news.ingestion.parse import FeedParseError, parse_feed
from ecosystem.news.matching.attach import match_item
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import Source


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


def preview(url: str, *, now: datetime.datetime | None = None) -> Preview:
    """The entries the next fetch of `url` would produce, or the error it would record.

    A source with this URL lends its language (for items too short to tell their own);
    its conditional-GET validators are not sent, so the whole feed comes back.
    """
    now = now or timezone.now()
    try:
        response = fetch(url)
        feed = parse_feed(response.body, url=response.url or url)
    except (FetchError, FeedParseError) as exc:
        return Preview(url, error=" ".join(str(exc).split()))
    source_language = Source.objects.filter(url=url).values_list("language", flat=True).first()
    language = source_language or feed.language[:10]
    matcher, categoriser = Matcher.from_database(), Categoriser.from_database()
    brand_slugs = dict(Brand.objects.values_list("pk", "slug"))
    category_slugs = dict(ProductCategory.objects.values_list("pk", "slug"))
    entries = []
    guids: set[str] = set()
    for parsed in feed.entries:
        entry = clean_entry(parsed, feed_url=response.url or url, fetched_at=now, language=language)
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
    return Preview(url, entries)
