"""Write one feed's cleaned entries: idempotent, in one transaction.

One NewsItem per (source, guid). An entry whose guid is stored already updates
that item when its content changed and is counted unchanged otherwise; an entry
whose canonical link is stored already (the same article through another feed,
or with other tracking parameters) is not stored again. New and changed items
are matched against the brands, put in categories and grouped into stories;
items of a brand's official feed also become that brand's announcements.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.news.attach import attach
from ecosystem.news.categorise import Categoriser
from ecosystem.news.feeds.clean import CleanEntry
from ecosystem.news.matching import Matcher
from ecosystem.news.models import NewsItem, Source
from ecosystem.news.stories import assign_stories

BATCH = 500
# The advisory lock key that serialises stores (any constant unique to this purpose).
STORE_LOCK = 7_420_001
CONTENT_FIELDS = ("url", "canonical_url", "title", "summary", "published_at")


@dataclass
class StoreReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"


def _unique(entries: list[CleanEntry]) -> list[CleanEntry]:
    """The first entry of each guid: feeds that repeat an item list it once."""
    seen, unique = set(), []
    for entry in entries:
        if entry.guid not in seen:
            seen.add(entry.guid)
            unique.append(entry)
    return unique


@transaction.atomic
def store_entries(
    source: Source,
    entries: list[CleanEntry],
    *,
    matcher: Matcher,
    categoriser: Categoriser,
) -> StoreReport:
    _one_store_at_a_time()
    report = StoreReport()
    entries = _unique(entries)
    existing = {}
    guids = [entry.guid for entry in entries]
    for start in range(0, len(guids), BATCH):
        for item in NewsItem.objects.filter(source=source, guid__in=guids[start : start + BATCH]):
            existing[item.guid] = item
    links = [e.canonical_url for e in entries if e.canonical_url and e.guid not in existing]
    stored_links = set()
    for start in range(0, len(links), BATCH):
        stored_links.update(
            NewsItem.objects.filter(canonical_url__in=links[start : start + BATCH]).values_list(
                "canonical_url", flat=True
            )
        )

    created, changed, summaries = [], [], {}
    for entry in entries:
        item = existing.get(entry.guid)
        if item is None:
            if entry.canonical_url and entry.canonical_url in stored_links:
                report.unchanged += 1
                continue
            stored_links.add(entry.canonical_url)
            item = NewsItem(source=source, guid=entry.guid, language=source.language)
            _copy(entry, item)
            created.append(item)
        elif any(getattr(item, f) != getattr(entry, f) for f in CONTENT_FIELDS):
            _copy(entry, item)
            item.updated_at = timezone.now()  # bulk_update skips auto_now
            changed.append(item)
        else:
            report.unchanged += 1
            continue
        summaries[id(item)] = entry.summary_text

    NewsItem.objects.bulk_create(created, batch_size=BATCH)
    NewsItem.objects.bulk_update(changed, [*CONTENT_FIELDS, "updated_at"], batch_size=BATCH)
    report.new, report.updated = len(created), len(changed)

    attach(changed, [summaries[id(i)] for i in changed], matcher, categoriser, replace=True)
    brands_of = attach(
        created, [summaries[id(i)] for i in created], matcher, categoriser, replace=False
    )
    assign_stories(created, brands_of)
    if source.official_for_id:
        _announce(source, created)
    return report


def _one_store_at_a_time() -> None:
    """Serialise stores across workers until this transaction ends.

    A store looks for stored links and then inserts: two feeds carrying the same
    article, stored at once, would both miss the other's row. On PostgreSQL a
    transaction-level advisory lock orders them; SQLite transactions here begin
    IMMEDIATE (settings), which takes its write lock up front.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])


def _copy(entry: CleanEntry, item: NewsItem) -> None:
    for field in CONTENT_FIELDS:
        setattr(item, field, getattr(entry, field))


def _announce(source: Source, items: list[NewsItem]) -> None:
    """Items of a brand's own newsroom are also that brand's announcements."""
    for item in items:
        announcement = Announcement.objects.create(
            slug=f"feed-{item.pk}",
            title=item.title[:300],
            body=item.summary,
            state=Announcement.State.PUBLISHED,
            publish_at=item.published_at,
            news_item=item,
        )
        announcement.brands.add(source.official_for_id)
