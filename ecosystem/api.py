"""The JSON API at /api/, with its OpenAPI schema and docs at /api/docs.

Every endpoint runs a fixed number of SQL queries, however many rows it returns
(tests/test_api.py pins the numbers): related rows come from select_related or
one prefetch query each. Counts of news grow with the news, so they are cached
until news changes (ecosystem/page_cache.py).
"""

import datetime
import math
import re
from typing import Annotated, Any, Literal

from django.db.models import Case, Count, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import BeforeValidator, ValidationInfo, field_validator

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, ProductCategory, Tie
from ecosystem.news.models import Mention, NewsItem
from ecosystem.page_cache import cached_value

api = NinjaAPI(title="Xiaomi Ecosystem Tracker API", version="1")

NEWS_PAGE_SIZE = 20
SEARCH_MAX_LENGTH = 200
# The ties that make a brand part of another one: its "parent" in the API.
PARENT_TIES = (Tie.Type.SUB_BRAND_OF, Tie.Type.SUBSIDIARY_OF)
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


# ---------------------------------------------------------------------------
# Response schemas
# ---------------------------------------------------------------------------


class Error(Schema):
    detail: str = Field(..., examples=["No brand with the slug 'nokia'."])


class ValidationProblem(Schema):
    type: str
    loc: list[str | int] = Field(..., examples=[["query", "page"]])
    msg: str = Field(..., examples=["Input should be greater than or equal to 1"])


class ValidationErrors(Schema):
    detail: list[ValidationProblem]


class BrandOut(Schema):
    slug: str
    name: str
    native_name: str = Field(..., description="The Chinese name, or an empty string.")
    kind: Brand.Kind
    parent: str | None = Field(
        ...,
        description="Slug of the brand this one is a current sub-brand or subsidiary of.",
    )
    categories: list[str] = Field(..., description="Slugs of the brand's product categories.")
    website: str
    news_count: int = Field(..., description="Visible news items that mention the brand.")


class BrandList(Schema):
    count: int
    results: list[BrandOut]


class TieOut(Schema):
    type: Tie.Type
    direction: Literal["outgoing", "incoming"] = Field(
        ...,
        description='"outgoing": this brand <type> `brand` (redmi sub_brand_of xiaomi); '
        '"incoming": `brand` <type> this brand.',
    )
    brand: str = Field(..., description="Slug of the other brand.")
    since: datetime.date | None
    until: datetime.date | None


class AliasOut(Schema):
    text: str
    language: str


class BrandDetail(BrandOut):
    founded: int | None
    headquarters: str
    ticker: str
    description: str
    ties: list[TieOut]
    aliases: list[AliasOut]


class NewsItemOut(Schema):
    id: int
    title: str
    url: str
    summary: str = Field(..., description="Sanitised HTML.")
    published_at: datetime.datetime
    source: str = Field(..., description="The name of the feed the item came from.")
    language: str
    brands: list[str] = Field(..., description="Slugs of the brands the item names.")
    categories: list[str]


class NewsPage(Schema):
    count: int
    next: str | None = Field(..., description="Absolute URL of the next page; null on the last.")
    results: list[NewsItemOut]


class AnnouncementOut(Schema):
    slug: str
    title: str
    body: str = Field(..., description="Markdown.")
    publish_at: datetime.datetime
    pinned: bool
    brands: list[str]
    categories: list[str]
    from_feed: bool = Field(..., description="Taken from the brand's official news feed.")


class AnnouncementList(Schema):
    count: int
    results: list[AnnouncementOut]


# ---------------------------------------------------------------------------
# Filters (query parameters)
# ---------------------------------------------------------------------------


def _moment(value: Any) -> Any:
    """An ISO 8601 date or date-time as an aware datetime in UTC; dates mean their midnight."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    text = str(value).strip()
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:  # well-formed but impossible, like 2024-02-30
        moment = None
    if moment is None:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date (2024-05-01) or date-time (2024-05-01T08:00:00Z)"
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 lies before year 1 in UTC
        raise ValueError(f"{text!r} is out of range") from None


IsoMoment = Annotated[datetime.datetime, BeforeValidator(_moment)]


class Filters(Schema):
    """Shared cleaning: an empty parameter counts as absent; NUL characters are refused."""

    @field_validator("*", mode="before")
    @classmethod
    def clean(cls, value: Any, info: ValidationInfo) -> Any:
        if value == "":
            return cls.model_fields[info.field_name].default
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class BrandFilters(Filters):
    category: str | None = Field(
        None, description="Category slug; brands of its sub-categories are included too."
    )
    kind: Brand.Kind | None = None


class NewsFilters(Filters):
    brand: str | None = Field(None, description="Brand slug: items that name this brand.")
    category: str | None = Field(
        None, description="Category slug; items of its sub-categories are included too."
    )
    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        description="Words that must all occur in the title or summary.",
    )
    since: IsoMoment | None = Field(
        None,
        description="ISO 8601 date or date-time (UTC unless it has an offset): items "
        "published at or after it.",
    )
    page: int = Field(1, ge=1, description=f"1-based; {NEWS_PAGE_SIZE} items per page.")


class AnnouncementFilters(Filters):
    brand: str | None = Field(None, description="Brand slug.")


# ---------------------------------------------------------------------------
# Endpoints
# ---------------------------------------------------------------------------


def _slugs(relation: str, model) -> Prefetch:
    """One query for the slugs of a to-many relation, into `<relation>_list`."""
    return Prefetch(relation, queryset=model.objects.only("slug"), to_attr=f"{relation}_list")


def _brands():
    """Brands with `parent_slug` annotated and their categories prefetched."""
    parent = (
        Tie.objects.current()
        .filter(brand=OuterRef("pk"), type__in=PARENT_TIES)
        # A sub-brand tie says more than a subsidiary one; then the newest wins.
        .order_by(
            Case(When(type=Tie.Type.SUB_BRAND_OF, then=Value(0)), default=Value(1)),
            "-since",
            "pk",
        )
        .values("target__slug")[:1]
    )
    return Brand.objects.annotate(parent_slug=Subquery(parent)).prefetch_related(
        _slugs("categories", ProductCategory)
    )


def _news_counts() -> dict[int, int]:
    """{brand id: visible items naming it}, for every brand named at all: one query, cached."""

    def count():
        mentions = Mention.objects.filter(news_item__hidden=False).order_by().values("brand")
        return dict(mentions.annotate(n=Count("pk")).values_list("brand", "n"))

    return cached_value(["news counts"], count)


def _brand_fields(brand: Brand, news_counts: dict[int, int]) -> dict:
    return {
        "slug": brand.slug,
        "name": brand.name,
        "native_name": brand.native_name,
        "kind": brand.kind,
        "parent": brand.parent_slug,
        "categories": [category.slug for category in brand.categories_list],
        "website": brand.website,
        "news_count": news_counts.get(brand.pk, 0),
    }


def _slug_subquery(model, slug: str):
    """The pk of `model` with this slug, as a subquery: an unknown slug matches nothing."""
    return model.objects.filter(slug=slug).order_by().values("pk")[:1]


@api.get(
    "/brands/",
    response={200: BrandList, 422: ValidationErrors},
    tags=["brands"],
    summary="List brands",
)
def list_brands(request, filters: Query[BrandFilters]):
    """Every brand of the ecosystem, by name. Two queries, and one for the counts when
    news changed since they were last counted."""
    brands = _brands()
    if filters.category is not None:
        brands = brands.in_category(_slug_subquery(ProductCategory, filters.category))
    if filters.kind is not None:
        brands = brands.filter(kind=filters.kind)
    news_counts = _news_counts()
    results = [_brand_fields(brand, news_counts) for brand in brands]
    return {"count": len(results), "results": results}


@api.get(
    "/brands/{slug}/",
    response={200: BrandDetail, 404: Error},
    tags=["brands"],
    summary="One brand, with its ties and aliases",
)
def get_brand(request, slug: str):
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


def _tie_fields(tie: Tie, seen_from: Brand) -> dict:
    outgoing = tie.brand_id == seen_from.pk
    return {
        "type": tie.type,
        "direction": "outgoing" if outgoing else "incoming",
        "brand": (tie.target if outgoing else tie.brand).slug,
        "since": tie.since,
        "until": tie.until,
    }


@api.get(
    "/news/",
    response={200: NewsPage, 422: ValidationErrors},
    tags=["news"],
    summary="List visible news, newest first",
)
def list_news(request, filters: Query[NewsFilters]):
    """Visible news items, newest first, 20 a page. Four queries: the count (cached until
    news changes), the page, the brands and the categories of its items (two when
    nothing matches)."""
    items = NewsItem.objects.visible()
    if filters.brand is not None:
        # for_brand() orders by the mention's date, which walks the (brand, date) index.
        items = items.for_brand(_slug_subquery(Brand, filters.brand))
    if filters.category is not None:
        items = items.in_category(_slug_subquery(ProductCategory, filters.category))
    if filters.q:
        items = items.search(filters.q)
    if filters.since is not None:
        items = items.filter(published_at__gte=filters.since)

    # The exact count grows with the news (a scan of a brand's items at a million).
    filter_key = ["news count", filters.brand, filters.category, filters.q, filters.since]
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
        _slugs("brands", Brand), _slugs("categories", ProductCategory)
    )[start : start + NEWS_PAGE_SIZE]
    return {
        "count": count,
        "next": _page_url(request, filters.page + 1) if filters.page < last_page else None,
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


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get(
    "/announcements/",
    response={200: AnnouncementList, 422: ValidationErrors},
    tags=["announcements"],
    summary="List published announcements",
)
def list_announcements(request, filters: Query[AnnouncementFilters]):
    """Published announcements, pinned first, then newest. Three queries."""
    announcements = (
        Announcement.objects.published()
        .prefetch_related(_slugs("brands", Brand), _slugs("categories", ProductCategory))
        .order_by("-pinned", "-publish_at", "-pk")
    )
    if filters.brand is not None:
        announcements = announcements.filter(brands__slug=filters.brand)
    results = [
        {
            "slug": announcement.slug,
            "title": announcement.title,
            "body": announcement.body,
            "publish_at": announcement.publish_at,
            "pinned": announcement.pinned,
            "brands": [brand.slug for brand in announcement.brands_list],
            "categories": [category.slug for category in announcement.categories_list],
            "from_feed": announcement.news_item_id is not None,
        }
        for announcement in announcements
    ]
    return {"count": len(results), "results": results}
