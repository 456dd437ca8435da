"""Atom feeds of a brand's and a category's news, so a feed reader can follow them."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.models import NewsItem

ITEMS = 30


class _NewsFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary  # sanitised when it was stored

    def item_link(self, item):
        return item.url or reverse("news:list")

    def item_guid(self, item):
        return f"news-item-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class BrandFeed(_NewsFeed):
    def get_object(self, request, slug):
        self.roll_up = request.GET.get("include") == "tied"
        return get_object_or_404(Brand, slug=slug)

    def title(self, brand):
        return f"{brand.name} — Xiaomi Ecosystem Tracker"

    def link(self, brand):
        return brand.get_absolute_url()

    def subtitle(self, brand):
        return f"News that names {brand.name}."

    def items(self, brand):
        news = NewsItem.objects.visible().stories().select_related("source")
        return news.for_brand(brand, roll_up=self.roll_up)[:ITEMS]


class CategoryFeed(_NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(ProductCategory, slug=slug)

    def title(self, category):
        return f"{category.name} — Xiaomi Ecosystem Tracker"

    def link(self, category):
        return reverse("categories:detail", args=[category.slug])

    def subtitle(self, category):
        return f"News about {category.name}."

    def items(self, category):
        return (
            NewsItem.objects.visible()
            .for_category(category)
            .order_by("-published_at", "-pk")[:ITEMS]
        )
