"""Changing a brand's aliases, exclusions or context words re-matches the stored
news; changing an item's categories, or the categories themselves, recounts the
news counters."""

import datetime
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from ecosystem.brands.models import Alias, ContextWord, ExclusionPhrase, ProductCategory
from ecosystem.core import outbox
from ecosystem.news import counters, jobs
from ecosystem.news.models import NewsItem


# Receivers for every model whose rows decide which brands an item names; a model
# added to matching gets the same two lines.
@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=ExclusionPhrase)
@receiver([post_save, post_delete], sender=ContextWord)
def rematch_after_alias_change(
    sender: type[Alias | ExclusionPhrase | ContextWord], **kwargs: Any
) -> None:
    # In the editor's transaction, so the re-match is committed with the edit or not at
    # all. The key coalesces: every edit until the re-match starts shares that one run,
    # which waits a little for the editor's next edits.
    outbox.enqueue(
        jobs.REMATCH, key="all", delay=datetime.timedelta(seconds=settings.REMATCH_DELAY_SECONDS)
    )


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
