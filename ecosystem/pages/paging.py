"""Paging of the public lists: keyset cursors (news/cursors.py) for lists by
date, page numbers for a search ranked by relevance, and the URLs between them."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django_htmx.middleware import HtmxDetails

from ecosystem.news.cursors import PAGE_SIZE, BadCursor, page_of
from ecosystem.news.search import RANKED_CANDIDATES

# Pages of a search ranked by relevance: as many as its capped candidates fill.
RANKED_PAGES = RANKED_CANDIDATES // PAGE_SIZE


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


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
