"""The private Atom feed of everything one address follows, for feed readers.

Its URL carries a signed token: whoever has the link can read the feed, which
shows only public news (never the address), so the worst a leaked link does
is tell someone what its owner follows. Ending every follow ends the feed.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.follows import tokens
from ecosystem.follows.models import Subscriber
from ecosystem.news.atom import ITEMS, SITE_NAME, Entry, NewsFeed, entries, host
from ecosystem.news.models import NewsItem


@dataclass(frozen=True)
class _Followed:
    subscriber: Subscriber
    host: str


class FollowedNewsFeed(NewsFeed):
    def get_object(self, request: HttpRequest, token: str) -> _Followed:
        try:
            pk = tokens.subscriber_of_feed(token)
        except tokens.BadToken:
            raise Http404("No such feed.") from None
        subscriber = Subscriber.objects.filter(pk=pk).first()
        if subscriber is None:
            raise Http404("No such feed.")
        return _Followed(subscriber, host(request))

    def title(self, subject: _Followed) -> str:
        return _("What you follow — %(site)s") % {"site": _(SITE_NAME)}

    def link(self, subject: _Followed) -> str:
        return reverse("news:list")

    def subtitle(self, subject: _Followed) -> str:
        return _("The news of every brand, category and search you follow.")

    def items(self, subject: _Followed) -> list[Entry]:
        follows = list(subject.subscriber.follows.active())
        if not follows:
            return []
        # Each follow's filter ORed into one query: one scan, each item once.
        news = reduce(or_, (follow.news() for follow in follows))
        items = (
            NewsItem.objects.filter(pk__in=news.values("pk"))
            .select_related("source")
            .order_by("-published_at", "-pk")[:ITEMS]
        )
        return entries(items, subject.host)
