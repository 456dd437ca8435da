"""Atom feeds of a brand's and a category's news, so a feed reader can follow them.

Valid per RFC 4287: every entry has a permanent id (a tag: URI naming this
site and the item), the feed names an author, and `updated` is the newest change.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.models import NewsItem

ITEMS = 30
# The date in the tag: URIs (RFC 4151) of entry ids: a day this site's name was
# ours. It must never change, or every feed reader would see every entry anew.
TAG_DATE = "2024"
SITE_NAME = "Xiaomi Ecosystem Tracker"


@dataclass(frozen=True)
class _Subject:
    """What one request's feed is about. A Feed instance serves every request
    (and thread), so nothing request-specific may be kept on it."""

    thing: Brand | ProductCategory
    host: str
    roll_up: bool = False


class _NewsFeed(Feed):
    feed_type = Atom1Feed
    author_name = SITE_NAME

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary  # sanitised when it was stored

    def item_link(self, item: NewsItem) -> str:
        return item.url or reverse("news:list")

    def item_author_name(self, item: NewsItem) -> str:
        return item.source.name

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return item.updated_at

    def item_guid(self, item: NewsItem) -> str:
        return f"tag:{item.feed_host},{TAG_DATE}:news/{item.pk}"

    def _with_host(self, items, subject: _Subject) -> list[NewsItem]:
        """The items, each knowing the host its entry id names."""
        items = list(items)
        for item in items:
            item.feed_host = subject.host
        return items


def _host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "localhost"


class BrandFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> _Subject:
        brand = get_object_or_404(Brand, slug=slug)
        return _Subject(brand, _host(request), roll_up=request.GET.get("include") == "tied")

    def title(self, subject: _Subject) -> str:
        return f"{subject.thing.name} — {SITE_NAME}"

    def link(self, subject: _Subject) -> str:
        return subject.thing.get_absolute_url()

    def subtitle(self, subject: _Subject) -> str:
        return _("News that names %(brand)s.") % {"brand": subject.thing.name}

    def items(self, subject: _Subject) -> list[NewsItem]:
        news = NewsItem.objects.visible().stories().select_related("source")
        return self._with_host(
            news.for_brand(subject.thing, roll_up=subject.roll_up)[:ITEMS], subject
        )


class CategoryFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> _Subject:
        return _Subject(get_object_or_404(ProductCategory, slug=slug), _host(request))

    def title(self, subject: _Subject) -> str:
        return f"{subject.thing.local_name} — {SITE_NAME}"

    def link(self, subject: _Subject) -> str:
        return reverse("categories:detail", args=[subject.thing.slug])

    def subtitle(self, subject: _Subject) -> str:
        return _("News about %(category)s.") % {"category": subject.thing.local_name}

    def items(self, subject: _Subject) -> list[NewsItem]:
        news = (
            NewsItem.objects.visible()
            .select_related("source")
            .for_category(subject.thing)
            .order_by("-published_at", "-pk")[:ITEMS]
        )
        return self._with_host(news, subject)
