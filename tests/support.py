"""Helpers shared by test modules of several apps (plain functions, not fixtures)."""

import datetime
import os
import time

from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, settings

from tests.factories import MentionFactory, NewsItemFactory

FUZZ = settings(
    database=None,  # no .hypothesis/ folder in the repository
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fuzz(examples: int) -> settings:
    """Hypothesis settings for a fuzzer: derandomized unless FUZZ_RANDOM is set."""
    return settings(FUZZ, max_examples=examples)


def rejected(create):
    """True when the database refuses the row that `create` writes."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


# --- The API's responses -------------------------------------------------------------

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
BRAND_FIELDS = {
    "slug",
    "name",
    "native_name",
    "kind",
    "parent",
    "categories",
    "website",
    "news_count",
}


def news(*, brands=(), categories=(), **fields):
    """A news item naming `brands`, in `categories`."""
    fields.setdefault("published_at", NOW)
    item = NewsItemFactory(**fields)
    for brand in brands:
        MentionFactory(news_item=item, brand=brand)
    item.categories.set(categories)
    return item


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def ids(response):
    return [row["id"] for row in response.json()["results"]]


# --- Pages -----------------------------------------------------------------------------


def text(client, url, **kwargs) -> str:
    """The page at `url`, which must answer 200, as text."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def plan_at_scale(queryset, *, sort: bool = True) -> str:
    """PostgreSQL's plan for `queryset` as it would be with many rows.

    With a handful of rows a sequential scan (and an explicit sort of a few
    rows) is cheaper; forbidding them shows which index serves the query at scale.
    """
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not sort:
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def wait_for(condition, timeout=30):
    """True once `condition()` is, polling; False after `timeout` seconds (a worker's work)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
