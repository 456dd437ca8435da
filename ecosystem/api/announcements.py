"""/api/announcements/."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from ecosystem.announcements.models import Announcement
from ecosystem.api.resources import slugs
from ecosystem.api.schemas import AnnouncementFilters, AnnouncementList, ValidationErrors
from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.core.ratelimits import rate_limited

router = Router(tags=["announcements"])


@router.get(
    "/announcements/",
    response={200: AnnouncementList, 422: ValidationErrors},
    summary="List published announcements",
)
@rate_limited("api", "RATE_LIMIT_API")
def list_announcements(request: HttpRequest, filters: Query[AnnouncementFilters]) -> dict[str, Any]:
    """Published announcements, pinned first, then newest. Three queries."""
    announcements = (
        Announcement.objects.published()
        .prefetch_related(slugs("brands", Brand), slugs("categories", ProductCategory))
        .order_by("-pinned", "-publish_at", "-pk")
    )
    if filters.brand is not None:
        announcements = announcements.filter(brands__slug=filters.brand)
    results = [
        {
            "slug": announcement.slug,
            "title": announcement.title,
            "body": announcement.body,
            "body_html": announcement.body_html,
            "publish_at": announcement.publish_at,
            "pinned": announcement.pinned,
            # Prefetched by slugs(), whose attribute names the stubs cannot follow.
            "brands": [brand.slug for brand in announcement.brands_list],  # type: ignore[attr-defined]
            "categories": [
                category.slug
                for category in announcement.categories_list  # type: ignore[attr-defined]
            ],
            "from_feed": announcement.news_item_id is not None,
        }
        for announcement in announcements
    ]
    return {"count": len(results), "results": results}
