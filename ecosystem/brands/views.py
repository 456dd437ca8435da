"""The public pages about brands: the overview, the directory, a brand, a category."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from ecosystem.announcements.models import Announcement
from ecosystem.brands.ecosystem_map import build_map
from ecosystem.brands.filters import BrandFilter
from ecosystem.brands.models import Brand, ProductCategory, Tie
from ecosystem.news.models import NewsItem
from ecosystem.news.paging import news_page, url_with, wants_next_page
from ecosystem.news.volume import weekly_volume
from ecosystem.page_cache import (
    NEWS,
    brand_news_generation,
    cached_page,
    cached_value,
    news_everywhere,
)

# Ties along which a brand's page can roll up the news of brands tied to it.
ROLL_UP_TIES = [Tie.Type.SUB_BRAND_OF, Tie.Type.SUBSIDIARY_OF, Tie.Type.INVESTED_IN_BY]


@cached_page(news_everywhere)
def home(request):
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
            "news": NewsItem.objects.visible().stories().select_related("source")[:10],
        },
    )


@cached_page(lambda request: ())
def brand_list(request):
    brands = BrandFilter(request.GET, queryset=Brand.objects.prefetch_related("categories"))
    template = "brands/brand_list.html#results" if request.htmx else "brands/brand_list.html"
    return render(request, template, {"filter": brands, "brands": brands.qs})


def _brand_page_news(request, slug):
    # Rolled up, the page shows the news of the brands tied to this one too.
    return (NEWS,) if request.GET.get("include") == "tied" else (brand_news_generation(slug),)


@cached_page(_brand_page_news)
def brand_detail(request, slug):
    brand = get_object_or_404(
        Brand.objects.prefetch_related(
            "categories",
            "references",
            Prefetch("ties", queryset=Tie.objects.select_related("brand", "target")),
            Prefetch("incoming_ties", queryset=Tie.objects.select_related("brand", "target")),
        ),
        slug=slug,
    )
    roll_up = request.GET.get("include") == "tied"
    news, order = brand_news(brand, roll_up=roll_up)
    context = {"brand": brand, "roll_up": roll_up, **news_page(request, news, **order)}
    if wants_next_page(request):
        return render(request, "_news_rows.html", context)
    context |= {
        "ties": [*brand.ties.all(), *brand.incoming_ties.all()],
        "announcements": brand.announcements.published().order_by("-pinned", "-publish_at"),
        "can_roll_up": any(t.type in ROLL_UP_TIES for t in brand.incoming_ties.all()),
        "toggle_url": url_with(request.GET, include=None if roll_up else "tied", before=None),
    }
    return render(request, "brands/brand_detail.html", context)


def brand_news(brand, *, roll_up: bool):
    """The brand's stories, newest first, and the fields that order them (for paging)."""
    visible = NewsItem.objects.visible().stories().select_related("source")
    if not roll_up:
        # Ordered by the mention's copy of the date: the (brand, published_at) index.
        return visible.for_brand(brand), {
            "date_field": "mentions__published_at",
            "pk_field": "mentions__news_item_id",
        }
    tied = Tie.objects.filter(target=brand, type__in=ROLL_UP_TIES).values_list("brand", flat=True)
    queryset = visible.naming_any([brand.pk, *tied]).order_by("-published_at", "-pk")
    return queryset, {"date_field": "published_at", "pk_field": "pk"}


@cached_page(news_everywhere)
def category_detail(request, slug):
    category = get_object_or_404(ProductCategory.objects.select_related("parent"), slug=slug)
    news = (
        NewsItem.objects.visible()
        .stories()
        .in_category(category.pk)
        .select_related("source")
        .order_by("-published_at", "-pk")
    )
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
