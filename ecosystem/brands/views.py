from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, Tie
from ecosystem.news.models import NewsItem

NEWS_ON_BRAND_PAGE = 20


def home(request):
    xiaomi = Brand.objects.filter(kind=Brand.Kind.PARENT).first()
    brands = Brand.objects.exclude(kind=Brand.Kind.PARENT).prefetch_related("categories")
    return render(
        request,
        "home.html",
        {
            "parent": xiaomi,
            "groups": _group_by_kind(brands),
            "announcements": Announcement.objects.published().prefetch_related("brands")[:5],
            "news": NewsItem.objects.select_related("source")[:10],
        },
    )


def brand_list(request):
    brands = Brand.objects.prefetch_related("categories")
    return render(
        request,
        "brands/brand_list.html",
        {"groups": _group_by_kind(brands), "count": len(brands)},
    )


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
    return render(
        request,
        "brands/brand_detail.html",
        {
            "brand": brand,
            "ties": [*brand.ties.all(), *brand.incoming_ties.all()],
            "announcements": brand.announcements.published().order_by("-pinned", "-publish_at"),
            "news": NewsItem.objects.for_brand(brand).select_related("source")[:NEWS_ON_BRAND_PAGE],
        },
    )


def _group_by_kind(brands):
    """[(kind label, [brands])] in the order the kinds are declared."""
    by_kind = {}
    for brand in brands:
        by_kind.setdefault(brand.kind, []).append(brand)
    return [(label, by_kind[kind]) for kind, label in Brand.Kind.choices if kind in by_kind]
