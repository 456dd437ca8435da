"""What invalidates the cached pages when rows change one at a time.

Editors change rows one by one (admin forms, inlines, deletions). Each app
names the models whose rows the public pages show by calling `watch()` from its
own ready(); any change to such a row drops every cached page and count.
Writers that change many rows at once without signals (the feed store,
re-matching, the admin's hide action, the publishing job, generate_demo_news)
call ecosystem.core.page_cache themselves.
"""

from typing import Any

from django.db.models import Model

from ecosystem.core import page_cache

_watched: set[type[Model]] = set()


def watch(*models: type[Model]) -> None:
    """Rows of these models (or many-to-many through models) appear on public pages."""
    _watched.update(models)


def row_changed(sender: type[Model], **kwargs: Any) -> None:
    if sender in _watched:
        page_cache.catalogue_changed()


def relation_changed(sender: type[Model], action: str, **kwargs: Any) -> None:
    # `sender` is the through model: brand categories, item categories, announcement brands.
    if action.startswith("post_") and sender in _watched:
        page_cache.catalogue_changed()
