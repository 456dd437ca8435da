"""/api/news/."""

import math
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import ValidationError

from ecosystem.api.resources import slug_subquery, slugs
from ecosystem.api.schemas import (
    MAX_NEWS_PAGE,
    NEWS_PAGE_SIZE,
    NewsFilters,
    NewsPage,
    ValidationErrors,
)
from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.core.page_cache import cached_value
from ecosystem.core.ratelimits import rate_limited
from ecosystem.news import counters
from ecosystem.news.cursors import make_cursor, page_of
from ecosystem.news.models import NewsItem, NewsItemQuerySet
from ecosystem.news.search import SearchQuery

router = Router(tags=["news"])


@router.get(
    "/news/",
    response={200: NewsPage, 422: ValidationErrors},
    summary="List visible news, newest first",
)
@rate_limited("api", "RATE_LIMIT_API")
@rate_limited("search", "RATE_LIMIT_SEARCH", applies=lambda request: bool(request.GET.get("q")))
def list_news(request: HttpRequest, filters: Query[NewsFilters]) -> dict[str, Any]:
    """Visible news items, newest first (or most relevant first for a search), 20 a
    page; `next` links page by keyset, as cheap on page 5,000 as on page 2. Four
    queries: the count (cached until news changes), the page, the brands and the
    categories of its items (two when nothing matches)."""
    items = NewsItem.objects.visible()
    if filters.brand is not None:
        # for_brand() orders by the mention's date, which walks the (brand, date) index.
        items = items.for_brand(slug_subquery(Brand, filters.brand))
    if filters.category is not None:
        items = items.for_category(slug_subquery(ProductCategory, filters.category))
    query = SearchQuery.parse(filters.q) if filters.q else None
    if query:
        items = items.search(query)
    if filters.since is not None:
        items = items.filter(published_at__gte=filters.since)
    if query and filters.sort != "newest":
        items = items.ranked(query)

    filter_key = [
        "news count", filters.brand, filters.category, filters.q, filters.since, filters.sort
    ]  # fmt: skip
    count = cached_value(filter_key, lambda: _count(items, filters, query))
    last_page = max(1, math.ceil(count / NEWS_PAGE_SIZE))
    if filters.page > last_page:
        raise ValidationError(
            [
                {
                    "type": "page_out_of_range",
                    "loc": ["query", "page"],
                    "msg": f"Page {filters.page} does not exist: the last page is {last_page}.",
                }
            ]
        )
    related = (slugs("brands", Brand), slugs("categories", ProductCategory))
    ranked = bool(query) and filters.sort != "newest"
    listed = items.select_related("source").prefetch_related(*related)
    if ranked or not filters.after:
        start = (filters.page - 1) * NEWS_PAGE_SIZE
        page = list(listed[start : start + NEWS_PAGE_SIZE])
        more = filters.page < min(last_page, MAX_NEWS_PAGE)
    else:
        # Deep pages by keyset: the cursor names where the previous page ended.
        page, cursor = page_of(
            items.select_related("source").prefetch_related(*related), filters.after
        )
        more = cursor is not None
    if ranked:
        next_url = _page_url(request, page=filters.page + 1) if more else None
    else:
        # Newest first, every next page is found by its cursor: no OFFSET, however deep.
        next_url = _page_url(request, after=make_cursor(page[-1])) if more and page else None
    return {
        "count": count,
        "next": next_url,
        "results": [
            {
                "id": item.pk,
                "story": item.story_anchor_id,
                "title": item.title,
                "url": item.url,
                "summary": item.summary,
                "published_at": item.published_at,
                "source": item.source.name,
                "language": item.language,
                "brands": [brand.slug for brand in item.brands_list],
                "categories": [category.slug for category in item.categories_list],
            }
            for item in page
        ],
    }


def _count(items: NewsItemQuerySet, filters: NewsFilters, query: SearchQuery | None) -> int:
    """The exact number of items the filters select. All news, a brand's or a
    category's is kept as news is written (news/counters.py), one row at any size;
    any other combination is counted (and cached until the news changes)."""
    if query or filters.since is not None or (filters.brand and filters.category):
        return items.count()
    if filters.brand is not None:
        return counters.items_of_brand(slug_subquery(Brand, filters.brand))
    if filters.category is not None:
        return counters.items_in_category(slug_subquery(ProductCategory, filters.category))
    return counters.items_in_all()


def _page_url(request: HttpRequest, **changes: str | int) -> str:
    query = request.GET.copy()
    for name in ("page", "after"):
        query.pop(name, None)
    for name, value in changes.items():
        query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
