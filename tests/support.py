"""Helpers shared by test modules of several apps (plain functions, not fixtures)."""

import datetime
import os

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
