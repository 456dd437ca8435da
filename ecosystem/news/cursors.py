"""Keyset cursors over news listings: "the next 20 after this one", which stays
fast however deep, for the pages and the API alike.

A cursor is "<ISO date-time>~<id>" of the last row shown; an offset would make
the database count past every earlier row. The listing must be ordered by a
date and an id, newest first; the fields are read from its ordering.
"""

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

PAGE_SIZE = 20


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
