"""Atom feeds of a brand's and a category's news, so a feed reader can follow them."""

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.models import NewsItem

ITEMS = 30


class _NewsFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary  # sanitised when it was stored

    def item_link(self, item: NewsItem) -> str:
        return item.url or reverse("news:list")

    def item_guid(self, item: NewsItem) -> str:
        return f"news-item-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> datetime.datetime:
        return item.updated_at


class BrandFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Brand:
        self.roll_up = request.GET.get("include") == "tied"
        return get_object_or_404(Brand, slug=slug)

    def title(self, brand: Brand) -> str:
        return f"{brand.name} — Xiaomi Ecosystem Tracker"

    def link(self, brand: Brand) -> str:
        return brand.get_absolute_url()

    def subtitle(self, brand: Brand) -> str:
        return f"News that names {brand.name}."

    def items(self, brand: Brand) -> QuerySet[NewsItem, Any]:
        news = NewsItem.objects.visible().stories().select_related("source")
        return news.for_brand(brand, roll_up=self.roll_up)[:ITEMS]


class CategoryFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> ProductCategory:
        return get_object_or_404(ProductCategory, slug=slug)

    def title(self, category: ProductCategory) -> str:
        return f"{category.name} — Xiaomi Ecosystem Tracker"

    def link(self, category: ProductCategory) -> str:
        return reverse("categories:detail", args=[category.slug])

    def subtitle(self, category: ProductCategory) -> str:
        return f"News about {category.name}."

    def items(self, category: ProductCategory) -> QuerySet[NewsItem, Any]:
        return (
            NewsItem.objects.visible()
            .for_category(category)
            .order_by("-published_at", "-pk")[:ITEMS]
        )
