"""The Atom feed of news items that the site's feeds share (RFC 4287).

Every entry has a permanent id (a tag: URI naming this site and the item), the
feed names an author, and `updated` is the newest change. Each entry says its
own language (xml:lang), the one detected from its text: a feed of one brand's
news mixes English, German and Chinese items.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_noop

from ecosystem.news.models import NewsItem

ITEMS = 30
# The date in the tag: URIs (RFC 4151) of entry ids: a day this site's name was
# ours. It must never change, or every feed reader would see every entry anew.
TAG_DATE = "2024"
SITE_NAME = gettext_noop("Xiaomi Ecosystem Tracker")

# One Feed instance serves every request (and thread), so nothing a request
# asked for may be kept on it: it travels in the entries instead.


@dataclass(frozen=True)
class Entry:
    item: NewsItem
    host: str  # the site's name, for the entry's id


def host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "localhost"


def entries(items: Iterable[NewsItem], host: str) -> list[Entry]:
    return [Entry(item, host) for item in items]


class AtomWithEntryLanguages(Atom1Feed):
    """Atom whose <entry> elements carry xml:lang (RFC 4287 allows it on any element)."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class NewsFeed(Feed):
    feed_type = AtomWithEntryLanguages
    author_name = SITE_NAME
    item_guid_is_permalink = False

    def item_title(self, entry: Entry) -> str:
        return entry.item.title

    def item_description(self, entry: Entry) -> str:
        return entry.item.summary  # sanitised when it was stored

    def item_link(self, entry: Entry) -> str:
        return entry.item.url or reverse("news:list")

    def item_author_name(self, entry: Entry) -> str:
        return entry.item.source.name

    def item_pubdate(self, entry: Entry) -> datetime.datetime:
        return entry.item.published_at

    def item_updateddate(self, entry: Entry) -> datetime.datetime:
        return entry.item.updated_at

    def item_guid(self, entry: Entry) -> str:
        return f"tag:{entry.host},{TAG_DATE}:news/{entry.item.pk}"

    def item_extra_kwargs(self, entry: Entry) -> dict[str, Any]:
        return {"language": entry.item.language}
