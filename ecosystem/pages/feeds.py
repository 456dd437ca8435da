"""Atom feeds of a brand's and a category's news, so a feed reader can follow them.

Valid per RFC 4287: every entry has a permanent id (a tag: URI naming this
site and the item), the feed names an author, and `updated` is the newest change.
Each entry says its own language (xml:lang), the one detected from its text: a
feed of one brand's news mixes English, German and Chinese items.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.models import NewsItem

ITEMS = 30
# The date in the tag: URIs (RFC 4151) of entry ids: a day this site's name was
# ours. It must never change, or every feed reader would see every entry anew.
TAG_DATE = "2024"
SITE_NAME = gettext_noop("Xiaomi Ecosystem Tracker")

# One Feed instance serves every request (and thread), so nothing a request
# asked for may be kept on it: it travels in the objects below instead.


@dataclass(frozen=True)
class _BrandNews:
    brand: Brand
    host: str
    roll_up: bool


@dataclass(frozen=True)
class _CategoryNews:
    category: ProductCategory
    host: str


@dataclass(frozen=True)
class _Entry:
    item: NewsItem
    host: str  # the site's name, for the entry's id


def _host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "localhost"


def _entries(items: Iterable[NewsItem], host: str) -> list[_Entry]:
    return [_Entry(item, host) for item in items]


class _AtomWithEntryLanguages(Atom1Feed):
    """Atom whose <entry> elements carry xml:lang (RFC 4287 allows it on any element)."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class _NewsFeed(Feed):
    feed_type = _AtomWithEntryLanguages
    author_name = SITE_NAME
    item_guid_is_permalink = False

    def item_title(self, entry: _Entry) -> str:
        return entry.item.title

    def item_description(self, entry: _Entry) -> str:
        return entry.item.summary  # sanitised when it was stored

    def item_link(self, entry: _Entry) -> str:
        return entry.item.url or reverse("news:list")

    def item_author_name(self, entry: _Entry) -> str:
        return entry.item.source.name

    def item_pubdate(self, entry: _Entry) -> datetime.datetime:
        return entry.item.published_at

    def item_updateddate(self, entry: _Entry) -> datetime.datetime:
        return entry.item.updated_at

    def item_guid(self, entry: _Entry) -> str:
        return f"tag:{entry.host},{TAG_DATE}:news/{entry.item.pk}"

    def item_extra_kwargs(self, entry: _Entry) -> dict[str, Any]:
        return {"language": entry.item.language}


class BrandFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> _BrandNews:
        brand = get_object_or_404(Brand, slug=slug)
        return _BrandNews(brand, _host(request), roll_up=request.GET.get("include") == "tied")

    def title(self, subject: _BrandNews) -> str:
        return f"{subject.brand.name} — {_(SITE_NAME)}"

    def link(self, subject: _BrandNews) -> str:
        return subject.brand.get_absolute_url()

    def subtitle(self, subject: _BrandNews) -> str:
        return _("News that names %(brand)s.") % {"brand": subject.brand.name}

    def items(self, subject: _BrandNews) -> list[_Entry]:
        news = NewsItem.objects.visible().stories().select_related("source")
        items = news.for_brand(subject.brand, roll_up=subject.roll_up)[:ITEMS]
        return _entries(items, subject.host)


class CategoryFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> _CategoryNews:
        return _CategoryNews(get_object_or_404(ProductCategory, slug=slug), _host(request))

    def title(self, subject: _CategoryNews) -> str:
        return f"{subject.category.local_name} — {_(SITE_NAME)}"

    def link(self, subject: _CategoryNews) -> str:
        return reverse("categories:detail", args=[subject.category.slug])

    def subtitle(self, subject: _CategoryNews) -> str:
        return _("News about %(category)s.") % {"category": subject.category.local_name}

    def items(self, subject: _CategoryNews) -> list[_Entry]:
        items = (
            NewsItem.objects.visible()
            .select_related("source")
            .for_category(subject.category)
            .order_by("-published_at", "-pk")[:ITEMS]
        )
        return _entries(items, subject.host)
