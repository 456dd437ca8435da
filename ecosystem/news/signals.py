"""Changing a brand's aliases or exclusions re-matches the stored news; changing
an item's categories, or the categories themselves, recounts the news counters."""

import logging
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from ecosystem.brands.models import Alias, ExclusionPhrase, ProductCategory
from ecosystem.news import counters
from ecosystem.news.models import NewsItem

logger = logging.getLogger(__name__)


def _enqueue_rematch() -> None:
    from ecosystem.news.tasks import rematch_news

    rematch_news.delay()


@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=ExclusionPhrase)
def rematch_after_alias_change(sender: type[Alias | ExclusionPhrase], **kwargs: Any) -> None:
    connection = transaction.get_connection()
    # One re-match per transaction, however many aliases an admin form saved.
    if not any(func is _enqueue_rematch for _, func, _ in connection.run_on_commit):
        # robust: a broker that is down must not undo the editor's change.
        transaction.on_commit(_enqueue_rematch, robust=True)


# The news counters (news/counters.py) follow an item's categories when they are
# changed through the ORM (item.categories.add(), .remove(), .set(), .clear()):
# what the items counted for is taken away before the change and added after it.
@receiver(m2m_changed, sender=NewsItem.categories.through)
def recount_categories(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if counters.active():
        return
    if not reverse:
        ids = [instance.pk]
    elif action.startswith("pre_"):
        # category.news_items.…: the items named, or for clear() all of the category's
        ids = list(pk_set or instance.news_items.values_list("pk", flat=True))
        instance._recounted_items = ids
    else:
        ids = getattr(instance, "_recounted_items", list(pk_set or ()))
    share = counters.share_of(ids)
    if action.startswith("pre_"):
        share = Counter({key: -n for key, n in share.items()})
    counters.apply(share)


@receiver(post_delete, sender=ProductCategory)
def recount_after_category_deleted(sender: type[ProductCategory], **kwargs: Any) -> None:
    # Its items are no longer counted for the categories above it.
    transaction.on_commit(counters.rebuild_categories)


@receiver(pre_save, sender=ProductCategory)
def note_category_moving(
    sender: type[ProductCategory], instance: ProductCategory, **kwargs: Any
) -> None:
    stored = ProductCategory.objects.filter(pk=instance.pk).values_list("parent_id", flat=True)
    moving = instance.pk is not None and stored.first() != instance.parent_id
    instance._moving = moving  # type: ignore[attr-defined]  # read by the post_save below


@receiver(post_save, sender=ProductCategory)
def recount_after_category_moved(
    sender: type[ProductCategory], instance: ProductCategory, **kwargs: Any
) -> None:
    # Its items now count for other categories above it.
    if getattr(instance, "_moving", False):
        transaction.on_commit(counters.rebuild_categories)
