"""Atom feeds of a brand's and a category's news, so a feed reader can follow them
(the feed's shape is in ecosystem/news/atom.py)."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.atom import ITEMS, SITE_NAME, Entry, NewsFeed, entries, host
from ecosystem.news.models import NewsItem

# One Feed instance serves every request (and thread): what a request asked
# for travels in the objects below.


@dataclass(frozen=True)
class _BrandNews:
    brand: Brand
    host: str
    roll_up: bool


@dataclass(frozen=True)
class _CategoryNews:
    category: ProductCategory
    host: str


class BrandFeed(NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> _BrandNews:
        brand = get_object_or_404(Brand, slug=slug)
        return _BrandNews(brand, host(request), roll_up=request.GET.get("include") == "tied")

    def title(self, subject: _BrandNews) -> str:
        return f"{subject.brand.name} — {_(SITE_NAME)}"

    def link(self, subject: _BrandNews) -> str:
        return subject.brand.get_absolute_url()

    def subtitle(self, subject: _BrandNews) -> str:
        return _("News that names %(brand)s.") % {"brand": subject.brand.name}

    def items(self, subject: _BrandNews) -> list[Entry]:
        news = NewsItem.objects.visible().stories().select_related("source")
        items = news.for_brand(subject.brand, roll_up=subject.roll_up)[:ITEMS]
        return entries(items, subject.host)


class CategoryFeed(NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> _CategoryNews:
        return _CategoryNews(get_object_or_404(ProductCategory, slug=slug), host(request))

    def title(self, subject: _CategoryNews) -> str:
        return f"{subject.category.local_name} — {_(SITE_NAME)}"

    def link(self, subject: _CategoryNews) -> str:
        return reverse("categories:detail", args=[subject.category.slug])

    def subtitle(self, subject: _CategoryNews) -> str:
        return _("News about %(category)s.") % {"category": subject.category.local_name}

    def items(self, subject: _CategoryNews) -> list[Entry]:
        items = (
            NewsItem.objects.visible()
            .select_related("source")
            .for_category(subject.category)
            .order_by("-published_at", "-pk")[:ITEMS]
        )
        return entries(items, subject.host)
