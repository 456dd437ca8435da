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
from ecosystem.news.models import NewsItem
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
    """Visible news items, newest first, 20 a page. Four queries: the count (cached until
    news changes), the page, the brands and the categories of its items (two when
    nothing matches)."""
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

    # The exact count grows with the news (a scan of a brand's items at a million).
    filter_key = [
        "news count", filters.brand, filters.category, filters.q, filters.since, filters.sort
    ]  # fmt: skip
    count = cached_value(filter_key, items.count)
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
    start = (filters.page - 1) * NEWS_PAGE_SIZE
    page = items.select_related("source").prefetch_related(
        slugs("brands", Brand), slugs("categories", ProductCategory)
    )[start : start + NEWS_PAGE_SIZE]
    return {
        "count": count,
        "next": _page_url(request, filters.page + 1)
        if filters.page < min(last_page, MAX_NEWS_PAGE)
        else None,
        "results": [
            {
                "id": item.pk,
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


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
