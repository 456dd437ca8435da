"""Storing the demo news: its sources, the removal of an earlier run, the generated rows.

PostgreSQL gets COPY (ecosystem.news.ingestion.pgcopy) in one transaction, with
ids reserved from the sequences under a table lock, then fresh statistics;
other databases get bulk_create. Both store the rows generate() gives for the
seed; only where the ids start differs (the sequence on PostgreSQL, the highest
id + 1 elsewhere).
"""

import datetime
from typing import Any

from django.db import connection, models
from django.db.models import Max
from tqdm import tqdm

from ecosystem.news import search
from ecosystem.news.demo.generator import generate
from ecosystem.news.demo.planner import Plan
from ecosystem.news.demo.vocabulary import DEMO_URL_PREFIX, SOURCES
from ecosystem.news.ingestion import pgcopy
from ecosystem.news.models import Mention, NewsItem, Source

BATCH = 20_000  # items per round of COPY (PostgreSQL)
SQLITE_BATCH = 2_000  # items per round of bulk_create


def demo_sources() -> list[Source]:
    """The demo sources, in the order of SOURCES, created where missing (inactive)."""
    sources = []
    for slug, name, language, _ in SOURCES:
        source, _ = Source.objects.get_or_create(
            url=f"{DEMO_URL_PREFIX}{slug}/feed.xml",
            defaults={"name": name, "language": language, "active": False},
        )
        sources.append(source)
    return sources


def delete_demo_items(sources: list[Source]) -> int:
    """Remove what an earlier run wrote: one DELETE per table, not one per row."""
    demo = NewsItem.objects.filter(source__in=sources)
    count = demo.count()
    if not count:
        return 0
    db = demo.db
    # _raw_delete is the collector's own bulk DELETE: no rows are loaded into Python.
    Mention.objects.filter(news_item__in=demo)._raw_delete(db)
    NewsItem.categories.through.objects.filter(newsitem__in=demo)._raw_delete(db)
    NewsItem.objects.filter(story__in=demo).exclude(source__in=sources).update(story=None)
    # Whatever else points at the items (an editor's detachments, an announcement) is
    # rare: the ORM deletes it with its own cascades and signals.
    for relation in NewsItem._meta.related_objects:
        if relation.related_model in (Mention, NewsItem, NewsItem.categories.through):
            continue
        related = relation.related_model._default_manager.filter(
            **{f"{relation.field.name}__in": demo}
        )
        if relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
        elif relation.on_delete is models.CASCADE:
            related.delete()
    demo._raw_delete(db)
    return count


def write(plan: Plan, seed: int, count: int, end: datetime.datetime, bar: tqdm) -> tuple[int, int]:
    """Generate and store `count` items; (mentions, category links) written.

    Runs inside the caller's transaction; `bar` advances by the items stored.
    """
    if connection.vendor == "postgresql":
        return write_postgresql(plan, seed, count, end, bar)
    return write_bulk(plan, seed, count, end, bar)


def write_bulk(
    plan: Plan, seed: int, count: int, end: datetime.datetime, bar: tqdm
) -> tuple[int, int]:
    """Any database: bulk_create in batches, with the ids chosen here."""
    first_id = (NewsItem.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    through = NewsItem.categories.through
    items: list[NewsItem] = []
    mentions: list[Mention] = []
    links: list[Any] = []  # rows of NewsItem.categories.through, a class without a name
    totals = [0, 0]

    def flush() -> None:
        NewsItem.objects.bulk_create(items, batch_size=SQLITE_BATCH)
        Mention.objects.bulk_create(mentions, batch_size=SQLITE_BATCH)
        through.objects.bulk_create(links, batch_size=SQLITE_BATCH)
        totals[0] += len(mentions)
        totals[1] += len(links)
        bar.update(len(items))
        items.clear()
        mentions.clear()
        links.clear()

    for row, item_mentions, item_links in generate(plan, seed, count, first_id, end):
        item_id, source_id, guid, url, title, summary, language, published, story, hidden = row
        items.append(
            NewsItem(
                pk=item_id, source_id=source_id, guid=guid, url=url, canonical_url=url,
                title=title, summary=summary, language=language, published_at=published,
                story_id=story, hidden=hidden, title_words=search.segment(title),
                summary_words=search.segment(summary, html=True),
            )
        )  # fmt: skip
        mentions.extend(
            Mention(
                news_item_id=i, brand_id=b, alias=a, matched_in=Mention.Field.TITLE,
                published_at=p, hidden=hidden,
            )
            for i, b, a, p in item_mentions
        )  # fmt: skip
        links.extend(through(newsitem_id=i, productcategory_id=c) for i, c in item_links)
        if len(items) >= SQLITE_BATCH:
            flush()
    flush()
    return totals[0], totals[1]


def write_postgresql(
    plan: Plan, seed: int, count: int, end: datetime.datetime, bar: tqdm
) -> tuple[int, int]:
    """PostgreSQL: COPY, in rounds of BATCH items, inside the caller's transaction."""
    if not count:
        return 0, 0
    quote = connection.ops.quote_name
    through = NewsItem.categories.through
    tables = ", ".join(quote(model._meta.db_table) for model in (NewsItem, Mention, through))
    item_fields = (
        "id", "source", "guid", "url", "canonical_url", "title", "summary", "language",
        "published_at", "story", "hidden", "fetched_at", "updated_at", "title_words",
        "summary_words",
    )  # fmt: skip
    mention_fields = ("news_item", "brand", "alias", "matched_in", "published_at", "hidden")
    fetched_after = datetime.timedelta(minutes=7)
    totals = [0, 0]
    with connection.cursor() as cursor:
        # Writers wait until this transaction ends; readers carry on.
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        first_id = pgcopy.reserve_consecutive_ids(cursor, NewsItem, count)
        # New entries of the full-text (GIN) index go to its pending list and are merged
        # in bulk (by the VACUUM that follows), instead of one index insert per word.
        cursor.execute("SET LOCAL gin_pending_list_limit = '512MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        rows = generate(plan, seed, count, first_id, end)
        left = count
        while left:
            size = min(BATCH, left)
            left -= size
            mentions: list[tuple[int, int, str, datetime.datetime, bool]] = []
            links: list[tuple[int, int]] = []
            # Items stream to the server while they are generated; their mentions and
            # category links follow in two more COPYs.
            with pgcopy.copy_into(cursor, NewsItem, item_fields) as copy:
                for _ in range(size):
                    row, item_mentions, item_links = next(rows)
                    (item_id, source_id, guid, url, title, summary, language, published,
                     story, hidden) = row  # fmt: skip
                    fetched = published + fetched_after
                    copy.write_row(
                        (item_id, source_id, guid, url, url, title, summary, language,
                         published, story, hidden, fetched, fetched, search.segment(title),
                         search.segment(summary, html=True))
                    )  # fmt: skip
                    mentions.extend((*mention, hidden) for mention in item_mentions)
                    links.extend(item_links)
            with pgcopy.copy_into(cursor, Mention, mention_fields) as copy:
                for item_id, brand_id, alias, published, hidden in mentions:
                    copy.write_row((item_id, brand_id, alias, "title", published, hidden))
            with pgcopy.copy_into(cursor, through, ("newsitem", "productcategory")) as copy:
                for link in links:
                    copy.write_row(link)
            totals[0] += len(mentions)
            totals[1] += len(links)
            bar.update(size)
    return totals[0], totals[1]


def analyse() -> None:
    """Fresh statistics for the planner (and, outside a transaction, the visibility map)."""
    tables = [
        NewsItem._meta.db_table,
        Mention._meta.db_table,
        NewsItem.categories.through._meta.db_table,
    ]
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
