"""Every public page: the overview, the brand directory, a brand, a category, the news."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, ProductCategory, Tie
from ecosystem.core.page_cache import (
    NEWS,
    brand_news_generation,
    cached_page,
    cached_value,
    news_everywhere,
)
from ecosystem.news.models import NewsItem, NewsItemQuerySet
from ecosystem.pages.ecosystem_map import build_map
from ecosystem.pages.filters import BrandFilter, NewsFilter
from ecosystem.pages.paging import HtmxHttpRequest, news_page, url_with, wants_next_page
from ecosystem.pages.volume import weekly_volume


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
            # Twelve weeks of counts barely move with one more item: recounted (a
            # scan of every recent mention) at most every PAGE_CACHE_SECONDS, not
            # whenever news arrives.
            "volume": cached_value(["weekly volume"], weekly_volume, depends_on=()),
            "announcements": Announcement.objects.published().order_by("-publish_at")[:5],
            "news": _stories()[:10],
        },
    )


@cached_page(lambda request: ())
def brand_list(request: HtmxHttpRequest) -> HttpResponse:
    brands = BrandFilter(request.GET, queryset=Brand.objects.prefetch_related("categories"))
    template = "brands/brand_list.html#results" if request.htmx else "brands/brand_list.html"
    return render(request, template, {"filter": brands, "brands": brands.qs})


def _brand_page_news(request: HtmxHttpRequest, slug: str) -> tuple[str]:
    # Rolled up, the page shows the news of the brands tied to this one too.
    return (NEWS,) if request.GET.get("include") == "tied" else (brand_news_generation(slug),)


@cached_page(_brand_page_news)
def brand_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    ties = Tie.objects.select_related("brand", "target")
    brand = get_object_or_404(
        Brand.objects.prefetch_related(
            "categories",
            "references",
            Prefetch("ties", queryset=ties),
            Prefetch("incoming_ties", queryset=ties),
        ),
        slug=slug,
    )
    roll_up = request.GET.get("include") == "tied"
    news = _stories().for_brand(brand, roll_up=roll_up)
    context = {"brand": brand, "roll_up": roll_up, **news_page(request, news)}
    if wants_next_page(request):
        return render(request, "_news_rows.html", context)
    roll_up_types = Tie.Type.roll_up_types()
    context |= {
        "ties": [*brand.ties.all(), *brand.incoming_ties.all()],
        "announcements": brand.announcements.published().order_by("-pinned", "-publish_at"),
        "can_roll_up": any(t.type in roll_up_types for t in brand.incoming_ties.all()),
        "toggle_url": url_with(request.GET, include=None if roll_up else "tied", before=None),
    }
    return render(request, "brands/brand_detail.html", context)


@cached_page(news_everywhere)
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
    }
    return render(request, "brands/category_detail.html", context)


@cached_page(news_everywhere)
def news_list(request: HtmxHttpRequest) -> HttpResponse:
    news = NewsFilter(request.GET, queryset=_stories().order_by("-published_at", "-pk"))
    # Each filter matches an item through at most one row, so no DISTINCT is needed.
    context = {"filter": news, **news_page(request, news.qs)}
    if wants_next_page(request):
        template = "_news_rows.html"
    elif request.htmx:
        template = "news/news_list.html#results"
    else:
        template = "news/news_list.html"
    return render(request, template, context)
