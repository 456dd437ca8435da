"""What invalidates the cached pages when rows change one at a time.

Editors change rows one by one (admin forms, inlines, deletions): any change to
a brand, category, tie, alias or announcement, or to a news item, a mention or
a detachment, drops every cached page and count. Writers that change many rows
at once without signals (the feed store, re-matching, the admin's hide action,
the publishing job, generate_demo_news) call ecosystem.page_cache themselves.

Sources are left out on purpose: the scheduler saves one after every fetch, and
a new name for a feed can wait for the pages to expire.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ecosystem import page_cache

WATCHED_APPS = {"brands", "announcements"}
WATCHED_NEWS_MODELS = {"newsitem", "mention", "detachment"}


def _watched(model) -> bool:
    meta = model._meta
    if meta.app_label == "news":
        return meta.model_name in WATCHED_NEWS_MODELS or meta.model_name.startswith("newsitem_")
    return meta.app_label in WATCHED_APPS


@receiver(post_save)
@receiver(post_delete)
def row_changed(sender, **kwargs):
    if _watched(sender):
        page_cache.catalogue_changed()


@receiver(m2m_changed)
def relation_changed(sender, action, **kwargs):
    # `sender` is the through model: brand categories, item categories, announcement brands.
    if action.startswith("post_") and _watched(sender):
        page_cache.catalogue_changed()
