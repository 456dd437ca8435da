"""The API's response schemas and query filters."""

import datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Field, Schema
from pydantic import BeforeValidator, ValidationInfo, field_validator

from ecosystem.brands.models import Brand, Tie
from ecosystem.news.cursors import BadCursor, parse_cursor
from ecosystem.news.search import RANKED_CANDIDATES, SearchQuery

NEWS_PAGE_SIZE = 20
# Deeper pages make the database count past every earlier row (OFFSET).
MAX_NEWS_PAGE = 100
SEARCH_MAX_LENGTH = 200


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
    story: int = Field(
        ...,
        description="The id every item of one story shares, across sources: its first item's "
        "id (an item no other source covered has its own).",
    )
    title: str
    url: str
    summary: str = Field(..., description="Sanitised HTML.")
    published_at: datetime.datetime
    source: str = Field(..., description="The name of the feed the item came from.")
    language: str = Field(
        ...,
        description="The item's own language, read from its title and summary "
        '("en", "de", "zh", …); its source\'s when the text is too short to tell.',
    )
    brands: list[str] = Field(..., description="Slugs of the brands the item names.")
    categories: list[str]


class NewsPage(Schema):
    count: int
    next: str | None = Field(..., description="Absolute URL of the next page; null on the last.")
    results: list[NewsItemOut]


class AnnouncementOut(Schema):
    slug: str
    title: str
    body: str = Field(
        ..., description="Markdown, as the editor wrote it: not safe to insert as HTML."
    )
    body_html: str = Field(
        ..., description="The body rendered to HTML and sanitised: safe to insert into a page."
    )
    publish_at: datetime.datetime
    pinned: bool
    brands: list[str]
    categories: list[str]
    from_feed: bool = Field(..., description="Taken from the brand's official news feed.")


class AnnouncementList(Schema):
    count: int
    results: list[AnnouncementOut]


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
            assert info.field_name is not None  # always set for a field validator
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
        description="A search in web-search syntax: words that must all occur (in any "
        'form: "robots" finds "robot"), "a phrase", -word to exclude, OR between '
        "alternatives; English, German and Chinese. Results come most relevant first, "
        f"among the {RANKED_CANDIDATES} newest matches, unless sort=newest.",
    )
    sort: Literal["relevance", "newest"] | None = Field(
        None, description="With q: relevance (the default) or newest first."
    )
    since: IsoMoment | None = Field(
        None,
        description="ISO 8601 date or date-time (UTC unless it has an offset): items "
        "published at or after it.",
    )
    page: int = Field(
        1,
        ge=1,
        le=MAX_NEWS_PAGE,
        description=f"1-based; {NEWS_PAGE_SIZE} items per page, at most {MAX_NEWS_PAGE} pages "
        "deep: narrow the filters (since, brand, category) to reach older news.",
    )

    after: str | None = Field(
        None,
        description="The cursor in a `next` link: the page after the item it names. "
        "Following `next` pages cost the same however deep.",
    )

    @field_validator("after")
    @classmethod
    def readable_cursor(cls, value: str | None) -> str | None:
        if value:
            try:
                parse_cursor(value)
            except BadCursor:
                raise ValueError("not a cursor from a next link") from None
        return value

    @field_validator("q")
    @classmethod
    def bounded_search(cls, value: str | None) -> str | None:
        if value:
            SearchQuery.parse(value)  # a QueryError is a ValueError: 422 with its message
        return value


class AnnouncementFilters(Filters):
    brand: str | None = Field(None, description="Brand slug.")
