"""The news counts the public pages and the API show, kept up to date as news is
written instead of counted on every request.

Two small tables (DailyMentions and NewsCount in ecosystem/news/models.py):

- the visible items naming each brand on each day (UTC): the volume charts,
  share of voice and the trends add up at most a year of days;
- the visible items in all, naming each brand, and in each category with the
  categories below it: the API's exact `count` and /api/brands/ read one row each.

They change in the same transaction as the rows they count, on every write path:

- the feed store's COPY path adds what it has just written (`add_written`),
  from what it holds in memory, without a query more than one for the categories;
- every other path (saving, hiding, showing or deleting an item, re-matching, an
  editor's mentions) runs inside `recounting(item ids)`: what those items
  counted for is read before the change and again after it, and the difference
  is applied. Nested changes inside one recounting are covered by it;
- `rebuild()` (``manage.py rebuild_counters``) counts everything afresh.

Rows are changed by increments (an upsert adding a difference), in a fixed
order, so two writers never wait for each other in a cycle.
"""

import contextlib
import contextvars
import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

from django.db import connection, models, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from ecosystem.brands.models import ProductCategory
from ecosystem.news.models import DailyMentions, Mention, NewsCount, NewsItem

# A key of a tally: ("day", brand id, date), or (NewsCount.Scope, brand or category id).
Key = tuple[Any, ...]
# Items given as a list of ids or a queryset of NewsItems; None means every item.
Items: TypeAlias = "list[int] | models.QuerySet[Any, Any] | None"

BATCH = 500
ALL = NewsCount.Scope.ALL
BRAND = NewsCount.Scope.BRAND
CATEGORY = NewsCount.Scope.CATEGORY

_recounting: contextvars.ContextVar[bool] = contextvars.ContextVar("recounting", default=False)


def active() -> bool:
    """Whether a recounting is under way (it covers any change made inside it)."""
    return _recounting.get()


def day_of(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(datetime.UTC).date()


# Reading


def items_in_all() -> int:
    return _total(NewsCount.objects.filter(scope=ALL, ref=0))


def items_of_brand(brand: Any) -> int:
    """Visible items naming `brand` (its pk or a subquery giving the pk): one query."""
    return _total(NewsCount.objects.filter(scope=BRAND, ref=brand))


def items_in_category(category: Any) -> int:
    """Visible items in `category` (its pk or a subquery giving the pk) or below it."""
    return _total(NewsCount.objects.filter(scope=CATEGORY, ref=category))


def items_by_brand() -> dict[int, int]:
    """{brand id: visible items naming it}, for every brand ever named."""
    return dict(NewsCount.objects.filter(scope=BRAND, items__gt=0).values_list("ref", "items"))


def _total(rows: "models.QuerySet[NewsCount]") -> int:
    # No ORDER BY: (scope, ref) is unique, and its index finds the row.
    found = list(rows.order_by().values_list("items", flat=True)[:1])
    return found[0] if found else 0


def mentions_by_day(since: datetime.date, *, brand: Any = None) -> "models.QuerySet[Any, Any]":
    """[{"day", "mentions"}] from `since` on, of one brand or of all brands together."""
    rows = DailyMentions.objects.filter(day__gte=since)
    if brand is not None:
        rows = rows.filter(brand=brand)
    return rows.values("day").annotate(n=Sum("mentions")).order_by()


# Writing


@contextlib.contextmanager
def recounting(item_ids: Iterable[int]) -> Iterator[None]:
    """Keep the counters right across a change to these items, their mentions or
    their categories made inside the block (in one transaction with it)."""
    ids = list(item_ids)
    if active() or not ids:
        yield
        return
    with transaction.atomic():
        token = _recounting.set(True)
        try:
            before = share_of(ids)
            yield
            after = share_of(ids)
        finally:
            _recounting.reset(token)
        after.subtract(before)
        apply(after)


def added(item_ids: list[int]) -> None:
    """New items (with whatever mentions and categories they have already) count."""
    if not active():
        apply(share_of(item_ids))


def mention_added(mention: Mention) -> None:
    if active() or mention.hidden:
        return
    apply(
        Counter(
            {
                ("day", mention.brand_id, day_of(mention.published_at)): 1,
                (BRAND, mention.brand_id): 1,
            }
        )
    )


def forget(items: Items) -> None:
    """Items about to be deleted count no more."""
    if active():
        return
    tally = share_of(items)
    apply(Counter({key: -n for key, n in tally.items()}))


def add_written(rows: Iterable[tuple[datetime.datetime, Iterable[int], Iterable[int]]]) -> None:
    """New visible items written without the ORM, each given as (published_at,
    ids of the brands it names, ids of its categories)."""
    families = ancestry()
    # Plain dicts: Counter.update costs more than everything else in this loop.
    items = 0
    by_day: dict[tuple[int, datetime.date], int] = {}
    by_category: dict[int, int] = {}
    for published_at, brand_ids, category_ids in rows:
        items += 1
        day = day_of(published_at)
        for brand_id in brand_ids:
            by_day[brand_id, day] = by_day.get((brand_id, day), 0) + 1
        if category_ids:
            for a in {a for c in category_ids for a in families.get(c, (c,))}:
                by_category[a] = by_category.get(a, 0) + 1
    tally: Counter[Key] = Counter({(ALL, 0): items})
    for (brand_id, day), n in by_day.items():
        tally[("day", brand_id, day)] += n
        tally[(BRAND, brand_id)] += n
    tally.update({(CATEGORY, category_id): n for category_id, n in by_category.items()})
    apply(tally)


def rebuild() -> None:
    """Count everything afresh (after a bulk write that bypassed the counters)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Writers wait to apply their differences until the new counts are in.
            tables = ", ".join(
                connection.ops.quote_name(m._meta.db_table) for m in (DailyMentions, NewsCount)
            )
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        DailyMentions.objects.all().delete()
        NewsCount.objects.all().delete()
        apply(share_of(None))


def rebuild_categories() -> None:
    """Count the categories afresh, after a category moved or was deleted."""
    with transaction.atomic():
        NewsCount.objects.filter(scope=CATEGORY).delete()
        apply(Counter({key: n for key, n in share_of(None).items() if key[0] == CATEGORY}))


def ancestry() -> dict[int, tuple[int, ...]]:
    """{category id: itself and every category above it} (one query)."""
    parents: dict[int, int | None] = dict(ProductCategory.objects.values_list("pk", "parent_id"))
    families = {}
    for category_id in parents:
        chain: list[int] = []
        current: int | None = category_id
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        families[category_id] = tuple(chain)
    return families


def share_of(items: Items) -> Counter[Key]:
    """What `items` count for: three queries, four with categories."""
    if isinstance(items, list) and not items:
        return Counter()
    chosen = NewsItem.objects.order_by()
    mentions = Mention.objects.filter(hidden=False).order_by()
    if items is not None:
        chosen = chosen.filter(pk__in=items)
        mentions = mentions.filter(news_item__in=items)
    tally: Counter[Key] = Counter({(ALL, 0): chosen.filter(hidden=False).count()})
    by_day = (
        mentions.annotate(day=TruncDate("published_at", tzinfo=datetime.UTC))
        .values("brand", "day")
        .annotate(n=Count("pk"))
        .values_list("brand", "day", "n")
    )
    for brand_id, day, n in by_day:
        tally[("day", brand_id, day)] += n
        tally[(BRAND, brand_id)] += n
    tally.update(_categories_of(None if items is None else chosen))
    return tally


def _categories_of(items: "models.QuerySet[NewsItem] | None") -> Counter[Key]:
    """{(CATEGORY, id): visible items in it or below it} among `items` (None: all)."""
    pairs = [(c, a) for c, family in ancestry().items() for a in family]
    if not pairs:
        return Counter()
    quote = connection.ops.quote_name
    through = quote(NewsItem.categories.through._meta.db_table)
    table = quote(NewsItem._meta.db_table)
    family = " UNION ALL ".join(["SELECT %s AS category_id, %s AS ancestor_id"] * len(pairs))
    params: list[Any] = [value for pair in pairs for value in pair]
    among = ""
    if items is not None:
        sql, item_params = items.values("pk").query.sql_with_params()
        among = f" AND l.newsitem_id IN ({sql})"
        params.extend(item_params)
    params.append(False)
    query = (
        f"SELECT f.ancestor_id, COUNT(DISTINCT l.newsitem_id) FROM {through} l "
        f"JOIN ({family}) f ON f.category_id = l.productcategory_id{among} "
        f"JOIN {table} i ON i.id = l.newsitem_id AND i.hidden = %s "
        f"GROUP BY f.ancestor_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return Counter({(CATEGORY, ancestor): n for ancestor, n in cursor.fetchall()})


def apply(tally: Counter[Key]) -> None:
    """Add the (possibly negative) differences in `tally` to the counters."""
    days = sorted((k[1], k[2], n) for k, n in tally.items() if k[0] == "day" and n)
    totals = sorted((str(k[0]), k[1], n) for k, n in tally.items() if k[0] != "day" and n)
    adapt = connection.ops.adapt_datefield_value
    _upsert(DailyMentions, ("brand_id", "day"), "mentions", [(b, adapt(d), n) for b, d, n in days])
    _upsert(NewsCount, ("scope", "ref"), "items", totals)


def _upsert(model: type[models.Model], keys: tuple[str, str], value: str, rows: list) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(c) for c in (*keys, value))
    target = ", ".join(quote(c) for c in keys)
    on_conflict = (
        f"ON CONFLICT ({target}) DO UPDATE "
        f"SET {quote(value)} = {table}.{quote(value)} + excluded.{quote(value)}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One text parameter, split by the server, however many rows: a long
            # VALUES list, or arrays adapted element by element, cost more to build
            # and send than the upsert itself.
            types = [model._meta.get_field(c).db_type(connection) for c in (*keys, value)]
            fields = ", ".join(f"split_part(r, ' ', {n})::{t}" for n, t in enumerate(types, 1))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "
                f"SELECT {fields} FROM unnest(string_to_array(%s, ',')) AS r {on_conflict}",
                [",".join(f"{a} {b} {c}" for a, b, c in rows)],
            )
            return
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} {on_conflict}",
                [v for row in batch for v in row],
            )
