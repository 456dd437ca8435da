"""Keyset paging: "the next 20 after this one", which stays fast however deep.

A cursor is "<ISO date-time>~<id>" of the last row shown; an offset would make
the database count past every earlier row.
"""

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.dateparse import parse_datetime
from django_htmx.middleware import HtmxDetails

from ecosystem.news.search import RANKED_CANDIDATES

PAGE_SIZE = 20
# Pages of a search ranked by relevance: as many as its capped candidates fill.
RANKED_PAGES = RANKED_CANDIDATES // PAGE_SIZE


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


class BadCursor(BadRequest):
    """A cursor that no page produced: Django answers 400."""


def make_cursor(item: Any) -> str:
    return f"{item.published_at.isoformat()}~{item.pk}"


MAX_ID = 2**63 - 1  # the largest id a database column holds


def parse_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    date_text, _, pk_text = cursor.partition("~")
    try:
        moment, pk = parse_datetime(date_text), int(pk_text)
        if moment is None or moment.tzinfo is None or not 1 <= pk <= MAX_ID:
            raise ValueError
        # A date near year 1 or 9999 may not survive the move to UTC.
        moment = moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise BadCursor(cursor) from None
    return moment, pk


def _keyset(queryset: QuerySet[Any, Any]) -> tuple[str, str]:
    """The (date, id) fields the queryset is ordered by, newest first."""
    # Field names: page_of() takes querysets ordered by a date field and an id field.
    ordering = cast(Sequence[str], queryset.query.order_by or queryset.model._meta.ordering)
    date_field, pk_field = (field.removeprefix("-") for field in ordering[:2])
    return date_field, pk_field


def page_of(queryset: QuerySet[Any, Any], cursor: str | None) -> tuple[list[Any], str | None]:
    """(rows, next cursor or None); the queryset is ordered by a date and an id, descending."""
    date_field, pk_field = _keyset(queryset)
    if cursor:
        moment, pk = parse_cursor(cursor)
        queryset = queryset.filter(
            Q(**{f"{date_field}__lt": moment}) | Q(**{date_field: moment, f"{pk_field}__lt": pk})
        )
    rows = list(queryset[: PAGE_SIZE + 1])
    if len(rows) <= PAGE_SIZE:
        return rows, None
    rows = rows[:PAGE_SIZE]
    return rows, make_cursor(rows[-1])


def url_with(query: QueryDict, **changes: str | None) -> str:
    """The current query string with some parameters changed (None removes one)."""
    query = query.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"?{query.urlencode()}"


def query_without_empty(query: QueryDict) -> str:
    """ "?brand=xiaomi" for "?q=&brand=xiaomi&since=": the URL a person would write."""
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        for value in values:
            if value.strip():
                kept.appendlist(key, value)
    return f"?{kept.urlencode()}" if kept else ""


def news_page(request: HttpRequest, queryset: QuerySet) -> dict[str, Any]:
    """The rows of the page `?before=` (or, ranked by relevance, `?page=`) asks for,
    and the URL of the next one."""
    if _ranked(queryset):
        number = _page_number(request.GET.get("page"))
        rows = list(queryset[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        return {
            "news": rows[:PAGE_SIZE],
            "next_url": url_with(request.GET, page=str(number + 1)) if more else None,
        }
    rows, cursor = page_of(queryset, request.GET.get("before"))
    return {"news": rows, "next_url": cursor and url_with(request.GET, before=cursor)}


def _ranked(queryset: QuerySet) -> bool:
    """Ordered by relevance (NewsItemQuerySet.ranked): a capped set, paged by number."""
    return bool(queryset.query.order_by) and queryset.query.order_by[0] == "-rank"


def _page_number(text: str | None) -> int:
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= RANKED_PAGES:
        raise BadCursor(text)
    return int(text)


def wants_next_page(request: HtmxHttpRequest) -> bool:
    """An htmx "load more" request: it gets the rows alone."""
    return bool(request.htmx and (request.GET.get("before") or request.GET.get("page")))
