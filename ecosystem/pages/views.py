"""Every public page: the overview, the brand directory, a brand, a category, the news."""

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_filters import FilterSet
from django_htmx.http import push_url

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, ProductCategory, Tie
from ecosystem.core.page_cache import (
    NEWS,
    brand_news_generation,
    cached_page,
    news_everywhere,
)
from ecosystem.core.ratelimits import rate_limited
from ecosystem.follows.forms import FollowForm
from ecosystem.news import trends
from ecosystem.news.models import NewsItem, NewsItemQuerySet
from ecosystem.pages import ties, volume
from ecosystem.pages.ecosystem_map import build_brand_map, build_map
from ecosystem.pages.filters import BrandFilter, NewsFilter
from ecosystem.pages.paging import (
    HtmxHttpRequest,
    news_page,
    query_without_empty,
    url_with,
    wants_next_page,
)
from ecosystem.pages.slugs import lowercase_slug


def _stories() -> NewsItemQuerySet:
    return NewsItem.objects.visible().stories().select_related("source")


@cached_page(news_everywhere)
def home(request: HtmxHttpRequest) -> HttpResponse:
    brands = Brand.objects.prefetch_related("categories__parent")
    return render(
        request,
        "home.html",
        {
            "parent": next((b for b in brands if b.kind == Brand.Kind.PARENT), None),
            "map": build_map(brands, Tie.objects.current()),
            "volume": volume.overview(),
            "trend_factor": trends.TREND_FACTOR,
            "trend_minimum": trends.TREND_MINIMUM,
            "trend_weeks": trends.BASELINE_WEEKS,
            "announcements": Announcement.objects.published().order_by("-publish_at")[:5],
            "news": _stories()[:10],
        },
    )


def _filtered(
    request: HtmxHttpRequest, filterset: FilterSet, template: str, context: dict[str, Any]
) -> HttpResponse:
    """A filtered list: the whole page, or its results alone for htmx.

    A filter value the form rejects answers 400 with the field's error instead
    of an unfiltered list. htmx pushes the request's URL into the history; it
    is replaced by the same query without its empty fields.
    """
    status = 200 if filterset.is_valid() else 400
    response = render(
        request, f"{template}#results" if request.htmx else template, context, status=status
    )
    if request.htmx:
        push_url(response, f"{request.path}{query_without_empty(request.GET)}")
    return response


@cached_page(lambda request: ())
def brand_list(request: HtmxHttpRequest) -> HttpResponse:
    brands = BrandFilter(request.GET, queryset=Brand.objects.prefetch_related("categories"))
    listed = brands.qs if brands.is_valid() else Brand.objects.none()
    return _filtered(
        request, brands, "brands/brand_list.html", {"filter": brands, "brands": listed}
    )


def _brand_page_news(request: HtmxHttpRequest, slug: str) -> tuple[str]:
    # Rolled up, the page shows the news of the brands tied to this one too.
    return (NEWS,) if request.GET.get("include") == "tied" else (brand_news_generation(slug),)


@cached_page(_brand_page_news)
@lowercase_slug
def brand_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    with_ends = Tie.objects.select_related("brand", "target")
    brand = get_object_or_404(
        Brand.objects.prefetch_related(
            "categories",
            "references",
            Prefetch("ties", queryset=with_ends),
            Prefetch("incoming_ties", queryset=with_ends),
        ),
        slug=slug,
    )
    roll_up = request.GET.get("include") == "tied"
    news = _stories().for_brand(brand, roll_up=roll_up)
    context = {"brand": brand, "roll_up": roll_up, **news_page(request, news)}
    if wants_next_page(request):
        return render(request, "_news_rows.html", context)
    roll_up_types = Tie.Type.roll_up_types()
    all_ties = [*brand.ties.all(), *brand.incoming_ties.all()]
    context |= {
        "ties": all_ties,
        "tie_groups": ties.tie_groups(brand, all_ties),
        "timeline": ties.timeline(all_ties),
        "brand_map": build_brand_map(brand, [tie for tie in all_ties if tie.until is None]),
        "volume": volume.of_brand(brand),
        "announcements": brand.announcements.published().order_by("-pinned", "-publish_at"),
        "can_roll_up": any(t.type in roll_up_types for t in brand.incoming_ties.all()),
        "toggle_url": url_with(request.GET, include=None if roll_up else "tied", before=None),
        "follow_form": FollowForm(
            initial={"brand": brand.slug, "include": "tied" if roll_up else ""}
        ),
        "follow_title": (
            _("Follow %(brand)s and the brands tied to it") if roll_up else _("Follow %(brand)s")
        )
        % {"brand": brand.name},
    }
    return render(request, "brands/brand_detail.html", context)


@cached_page(news_everywhere)
@lowercase_slug
def category_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(ProductCategory.objects.select_related("parent"), slug=slug)
    news = _stories().for_category(category.pk).order_by("-published_at", "-pk")
    context = {"category": category, **news_page(request, news)}
    if wants_next_page(request):
        return render(request, "_news_rows.html", context)
    context |= {
        "brands": Brand.objects.in_category(category).prefetch_related("categories"),
        "subcategories": category.children.all(),
        "announcements": Announcement.objects.published()
        .filter(categories=category)
        .order_by("-pinned", "-publish_at"),
        "follow_form": FollowForm(initial={"category": category.slug}),
        "follow_title": _("Follow %(category)s") % {"category": category.local_name},
    }
    return render(request, "brands/category_detail.html", context)


def _searches(request: HttpRequest) -> bool:
    return bool(request.GET.get("q", "").strip())


@rate_limited("search", "RATE_LIMIT_SEARCH", applies=_searches)
@cached_page(news_everywhere)
def news_list(request: HtmxHttpRequest) -> HttpResponse:
    news = NewsFilter(request.GET, queryset=_stories().order_by("-published_at", "-pk"))
    # Each filter matches an item through at most one row, so no DISTINCT is needed.
    rows = news.ranked_news() if news.is_valid() else NewsItem.objects.none()
    # Whether a visitor asked for something: "no results" differs from "no news yet".
    filtering = any(request.GET.get(key, "").strip() for key in news.form.fields)
    query = news.form.cleaned_data.get("q") if news.is_valid() else None
    context = {"filter": news, "filtering": filtering, "query": query, **news_page(request, rows)}
    if wants_next_page(request):
        return render(request, "_news_rows.html", context)
    if query:
        chosen = news.form.cleaned_data
        context["follow_form"] = FollowForm(
            initial={
                "q": query.text,
                "brand": chosen["brand"].slug if chosen.get("brand") else "",
                "category": chosen["category"].slug if chosen.get("category") else "",
            }
        )
    return _filtered(request, news, "news/news_list.html", context)


@cached_page(news_everywhere)
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every source's item of one story, the first first: "covered by N sources"."""
    item = get_object_or_404(NewsItem.objects.visible().select_related("source"), pk=pk)
    if item.story_id is not None:
        return redirect("news:story", pk=item.story_id, permanent=True)
    # The list shows no bodies; the story's own is read with the item above.
    items = list(item.story_items().visible().select_related("source").defer("body", "body_words"))
    sources = len({story_item.source_id for story_item in items})
    return render(
        request, "news/story_detail.html", {"story": item, "news": items, "sources": sources}
    )
