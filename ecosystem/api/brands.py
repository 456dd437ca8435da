"""/api/brands/ and /api/brands/{slug}/."""

import re
from typing import Any

from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from ecosystem.api.resources import slug_subquery, slugs
from ecosystem.api.schemas import BrandDetail, BrandFilters, BrandList, Error, ValidationErrors
from ecosystem.brands.models import Brand, BrandQuerySet, ProductCategory, Tie
from ecosystem.core.page_cache import cached_value
from ecosystem.core.ratelimits import rate_limited
from ecosystem.news import counters

router = Router(tags=["brands"])

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _brands() -> BrandQuerySet:
    """Brands with `parent_slug` annotated and their categories prefetched."""
    parent = (
        Tie.objects.current()
        .filter(brand=OuterRef("pk"), type__in=Tie.Type.parent_types())
        # A sub-brand tie says more than a subsidiary one; then the newest wins.
        .order_by(
            Case(When(type=Tie.Type.SUB_BRAND_OF, then=Value(0)), default=Value(1)),
            "-since",
            "pk",
        )
        .values("target__slug")[:1]
    )
    return Brand.objects.annotate(parent_slug=Subquery(parent)).prefetch_related(
        slugs("categories", ProductCategory)
    )


def _news_counts() -> dict[int, int]:
    """{brand id: visible items naming it}, for every brand named at all: one query, cached."""

    # Maintained as news is written (news/counters.py): one small query at any size.
    return cached_value(["news counts"], counters.items_by_brand)


def _brand_fields(brand: Brand, news_counts: dict[int, int]) -> dict[str, Any]:
    return {
        "slug": brand.slug,
        "name": brand.name,
        "native_name": brand.native_name,
        "kind": brand.kind,
        "parent": brand.parent_slug,  # type: ignore[attr-defined]  # annotated by _brands()
        # Prefetched by slugs(), whose attribute name the stubs cannot follow.
        "categories": [category.slug for category in brand.categories_list],  # type: ignore[attr-defined]
        "website": brand.website,
        "news_count": news_counts.get(brand.pk, 0),
    }


@router.get(
    "/brands/",
    response={200: BrandList, 422: ValidationErrors},
    summary="List brands",
)
@rate_limited("api", "RATE_LIMIT_API")
def list_brands(request: HttpRequest, filters: Query[BrandFilters]) -> dict[str, Any]:
    """Every brand of the ecosystem, by name. Two queries, and one for the counts when
    news changed since they were last counted."""
    brands = _brands()
    if filters.category is not None:
        brands = brands.in_category(slug_subquery(ProductCategory, filters.category))
    if filters.kind is not None:
        brands = brands.filter(kind=filters.kind)
    news_counts = _news_counts()
    results = [_brand_fields(brand, news_counts) for brand in brands]
    return {"count": len(results), "results": results}


@router.get(
    "/brands/{slug}/",
    response={200: BrandDetail, 404: Error},
    summary="One brand, with its ties and aliases",
)
def get_brand(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Four queries: the brand, its categories, its aliases, its ties in both directions;
    and the news counts, as for the list."""
    brand = None
    # Anything that cannot be a slug (a NUL byte would upset PostgreSQL) is simply unknown.
    if SLUG.fullmatch(slug):
        brand = _brands().prefetch_related("aliases").filter(slug=slug).first()
    if brand is None:
        raise HttpError(404, f"No brand with the slug {slug!r}.")
    ties = (
        Tie.objects.filter(Q(brand=brand) | Q(target=brand))
        .select_related("brand", "target")
        .order_by("type", "since", "pk")
    )
    return {
        **_brand_fields(brand, _news_counts()),
        "founded": brand.founded,
        "headquarters": brand.headquarters,
        "ticker": brand.ticker,
        "description": brand.description,
        "ties": [_tie_fields(tie, brand) for tie in ties],
        "aliases": [{"text": a.text, "language": a.language} for a in brand.aliases.all()],
    }


def _tie_fields(tie: Tie, seen_from: Brand) -> dict[str, Any]:
    outgoing = tie.brand_id == seen_from.pk
    return {
        "type": tie.type,
        "direction": "outgoing" if outgoing else "incoming",
        "brand": (tie.target if outgoing else tie.brand).slug,
        "since": tie.since,
        "until": tie.until,
    }
