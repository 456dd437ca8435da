from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "ecosystem.news"
    verbose_name = _("News")

    def ready(self) -> None:
        from ecosystem.core import invalidation
        from ecosystem.news import jobs, roles, seed, signals  # noqa: F401 -- jobs, grants, receivers
        from ecosystem.news.models import Detachment, Mention, NewsItem

        # Sources are left out on purpose: the scheduler saves one after every
        # fetch, and a new name for a feed can wait for the pages to expire.
        invalidation.watch(NewsItem, NewsItem.categories.through, Mention, Detachment)
