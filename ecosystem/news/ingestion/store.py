"""Write one feed's cleaned entries: idempotent, in one transaction.

One NewsItem per (source, guid). An entry whose guid is stored already updates
that item when its content changed and is counted unchanged otherwise; an entry
whose canonical link is stored already (the same article through another feed,
or with other tracking parameters) is not stored again. New and changed items
are matched against the brands, put in categories and grouped into stories;
listeners to `items_stored` learn of the new items (official channels turn
them into announcements).

On PostgreSQL new items, their mentions and category links are written with
COPY, the items streaming to the server while they are matched.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.dispatch import Signal
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.core import page_cache
from ecosystem.news import counters, search
from ecosystem.news.ingestion import pgcopy
from ecosystem.news.ingestion.clean import CleanEntry
from ecosystem.news.matching.attach import attach, match_item
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.matching.stories import assign_stories
from ecosystem.news.models import BodyOrigin, BodyStatus, Mention, NewsItem, Source

# Sent inside the store's transaction with `source` and `items`, the new items
# (each with pk, title, summary and published_at). Official channels listen.
items_stored = Signal()

BATCH = 500
# The advisory lock key that serialises stores (any constant unique to this purpose).
STORE_LOCK = 7_420_001
# The language follows the text: an item whose text changes may change language too.
CONTENT_FIELDS = ("url", "canonical_url", "title", "summary", "published_at", "language")
ITEM_COLUMNS = (
    "id", "source", "guid", *CONTENT_FIELDS, "hidden", "fetched_at", "updated_at",
    "title_words", "summary_words", "body", "body_words", "body_origin", "body_status",
    "body_error",
)  # fmt: skip
FEED = BodyOrigin.FEED
PENDING = BodyStatus.PENDING
MENTION_COLUMNS = ("news_item", "brand", "alias", "matched_in", "published_at", "hidden")


@dataclass
class StoreReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pending: int = 0  # new items whose article page is to be read (fulltext.py)
    # Ids of the brands whose visible news changed: those that new items name, and
    # those that updated items (but hidden ones) named before and after matching again.
    brands: set[int] = field(default_factory=set)

    def __str__(self) -> str:
        return f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(slots=True)
class _Written:
    """What stories and announcements need of an item written with COPY."""

    pk: int
    source_id: int
    title: str
    summary: str
    published_at: datetime.datetime
    story_id: int | None = None


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
    full_text: bool = False,
) -> StoreReport:
    """Store `entries` of `source`; with `full_text`, new items without a body of
    their own wait for their article page to be read (ingestion/fulltext.py)."""
    _one_store_at_a_time()
    report = StoreReport()
    entries = _unique(entries)
    existing, stored_links = _stored(source, entries)
    fresh, changed, summaries, bodies = [], [], {}, {}
    for entry in entries:
        item = existing.get(entry.guid)
        if item is None:
            if entry.canonical_url and entry.canonical_url in stored_links:
                report.unchanged += 1
                continue
            stored_links.add(entry.canonical_url)
            fresh.append(entry)
        elif _differs(entry, item):
            _copy(entry, item)
            item.updated_at = timezone.now()  # bulk_update skips auto_now
            changed.append(item)
            summaries[item.pk] = entry.summary_text
            bodies[item.pk] = item.body
        else:
            report.unchanged += 1

    _update(changed, summaries, bodies, matcher, categoriser, report)
    create = _create_copying if connection.vendor == "postgresql" else _create
    created, brands_of = create(source, fresh, matcher, categoriser, full_text)
    report.new = len(created)
    report.pending = sum(1 for entry in fresh if _waits_for_page(entry, full_text))
    report.brands.update(*brands_of.values())
    assign_stories(created, brands_of)
    items_stored.send(sender=Source, source=source, items=created)
    if report.new or report.updated:
        slugs = Brand.objects.filter(pk__in=report.brands).values_list("slug", flat=True)
        page_cache.news_changed(slugs)
    return report


def _stored(source: Source, entries: list[CleanEntry]) -> tuple[dict[str, NewsItem], set[str]]:
    """({guid: the source's stored item}, the canonical links among `entries` stored already)."""
    existing: dict[str, NewsItem] = {}
    mine = NewsItem.objects.filter(source=source).only(
        "guid", "hidden", "body", "body_origin", *CONTENT_FIELDS
    )
    for query in _among(mine.order_by(), "guid", [entry.guid for entry in entries]):
        existing.update((item.guid, item) for item in query)
    links = [e.canonical_url for e in entries if e.canonical_url and e.guid not in existing]
    # Saying that the link is not empty lets the database use its partial index.
    linked = NewsItem.objects.exclude(canonical_url="").values_list("canonical_url", flat=True)
    stored_links: set[str] = set()
    for query in _among(linked.order_by(), "canonical_url", links):
        stored_links.update(query)
    return existing, stored_links


def _among(queryset: QuerySet, name: str, values: list) -> Iterator[QuerySet]:
    """`queryset` narrowed to rows whose field `name` is one of `values`.

    PostgreSQL takes them all as one array parameter; elsewhere they go in
    batches of an IN list.
    """
    if not values:
        return
    if connection.vendor != "postgresql":
        for start in range(0, len(values), BATCH):
            yield queryset.filter(**{f"{name}__in": values[start : start + BATCH]})
        return
    quote = connection.ops.quote_name
    model = queryset.model
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"
    yield queryset.filter(RawSQL(f"{column} = ANY(%s)", [values], output_field=BooleanField()))


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


def _waits_for_page(entry: CleanEntry, full_text: bool) -> bool:
    return full_text and bool(entry.url) and not entry.body


def _keeps_article_body(entry: CleanEntry, item: NewsItem) -> bool:
    """A body read from the article page stays until the feed brings one of its own."""
    return not entry.body and item.body_origin == BodyOrigin.ARTICLE


def _differs(entry: CleanEntry, item: NewsItem) -> bool:
    if any(getattr(item, f) != getattr(entry, f) for f in CONTENT_FIELDS):
        return True
    return item.body != entry.body and not _keeps_article_body(entry, item)


def _copy(entry: CleanEntry, item: NewsItem) -> None:
    for name in CONTENT_FIELDS:
        setattr(item, name, getattr(entry, name))
    item.title_words = search.segment(entry.title)
    item.summary_words = search.segment(entry.summary_text)
    if not _keeps_article_body(entry, item):
        item.body = entry.body
        item.body_words = search.segment(entry.body)
        item.body_origin = FEED if entry.body else ""


def _update(
    changed: list[NewsItem],
    summaries: dict[int, str],
    bodies: dict[int, str],
    matcher: Matcher,
    categoriser: Categoriser,
    report: StoreReport,
) -> None:
    if not changed:
        return
    fields = [*CONTENT_FIELDS, "title_words", "summary_words", "updated_at"]
    fields += ["body", "body_words", "body_origin"]
    NewsItem.objects.bulk_update(changed, fields, batch_size=BATCH)
    report.updated = len(changed)
    visible = [item for item in changed if not item.hidden]
    report.brands.update(
        Mention.objects.filter(news_item__in=visible).values_list("brand_id", flat=True)
    )
    brands_of = attach(
        changed,
        [summaries[item.pk] for item in changed],
        matcher,
        categoriser,
        replace=True,
        contents=[bodies[item.pk] for item in changed],
    )
    report.brands.update(*(brands_of[item.pk] for item in visible))


def _create(
    source: Source,
    entries: list[CleanEntry],
    matcher: Matcher,
    categoriser: Categoriser,
    full_text: bool,
) -> tuple[list[NewsItem], dict[int, frozenset[int]]]:
    """New items through the ORM: (the items, the ids of the brands each names)."""
    items = [NewsItem(source=source, guid=entry.guid) for entry in entries]
    for entry, item in zip(entries, items, strict=True):
        _copy(entry, item)
        if _waits_for_page(entry, full_text):
            item.body_status = PENDING
    NewsItem.objects.bulk_create(items, batch_size=BATCH)
    summaries = [entry.summary_text for entry in entries]
    bodies = [entry.body for entry in entries]
    brands_of = attach(items, summaries, matcher, categoriser, replace=False, contents=bodies)
    counters.added([item.pk for item in items])
    return items, brands_of


def _create_copying(
    source: Source,
    entries: list[CleanEntry],
    matcher: Matcher,
    categoriser: Categoriser,
    full_text: bool,
) -> tuple[list[_Written], dict[int, frozenset[int]]]:
    """`_create` with COPY (PostgreSQL): each item is matched after its row is sent."""
    if not entries:
        return [], {}
    now = timezone.now()
    written: list[_Written] = []
    mentions: list[tuple[int, int, str, str, datetime.datetime, bool]] = []
    links: list[tuple[int, int]] = []
    brands_of: dict[int, frozenset[int]] = {}
    counted: list[tuple[datetime.datetime, frozenset[int], set[int]]] = []
    # wrap_database_errors: a failing COPY raises Django's exceptions, as the ORM would.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        # A big feed's words would overflow the search index's default pending
        # list (4 MB) and be merged into the index while the feed is stored;
        # a larger list leaves the merge to autovacuum, in the background.
        cursor.execute("SET LOCAL gin_pending_list_limit = '32MB'")
        ids = pgcopy.take_ids(cursor, NewsItem, len(entries))
        with pgcopy.copy_into(cursor, NewsItem, ITEM_COLUMNS) as copy:
            for item_id, e in zip(ids, entries, strict=True):
                copy.write_row(
                    (item_id, source.pk, e.guid, e.url, e.canonical_url, e.title, e.summary,
                     e.published_at, e.language, False, now, now,
                     search.segment(e.title), search.segment(e.summary_text), e.body,
                     search.segment(e.body), FEED if e.body else "",
                     PENDING if _waits_for_page(e, full_text) else "", "")
                )  # fmt: skip
                found, category_ids = match_item(
                    e.title, e.summary_text, matcher, categoriser, content=e.body
                )
                brands_of[item_id] = frozenset(hit.brand_id for hit in found)
                mentions.extend(
                    (item_id, hit.brand_id, hit.alias[:100], hit.field, e.published_at, False)
                    for hit in found
                )
                links.extend((item_id, category_id) for category_id in category_ids)
                counted.append((e.published_at, brands_of[item_id], category_ids))
                written.append(_Written(item_id, source.pk, e.title, e.summary, e.published_at))
        with pgcopy.copy_into(cursor, Mention, MENTION_COLUMNS) as copy:
            for row in mentions:
                copy.write_row(row)
        through = NewsItem.categories.through
        with pgcopy.copy_into(cursor, through, ("newsitem", "productcategory")) as copy:
            for link in links:
                copy.write_row(link)
    counters.add_written(counted)
    return written, brands_of
