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
# changed through the ORM (item.categories.add(), .remove(), .set(), .clear()).
@receiver(m2m_changed, sender=NewsItem.categories.through)
def recount_categories(
    sender: type, instance: Any, action: str, reverse: bool, **kwargs: Any
) -> None:
    if counters.active() or not action.startswith(("pre_", "post_")):
        return
    if reverse:  # category.news_items.…: the items are the pk_set, or all of them
        ids = list(kwargs["pk_set"] or instance.news_items.values_list("pk", flat=True))
    else:
        ids = [instance.pk]
    share = counters.share_of(ids)
    if action.startswith("pre_"):
        share = Counter({key: -n for key, n in share.items()})
    counters.apply(share)


@receiver(post_delete, sender=ProductCategory)
def recount_after_category_deleted(sender: type[ProductCategory], **kwargs: Any) -> None:
    # Its items are no longer counted for the categories above it.
    transaction.on_commit(counters.rebuild_categories)


@receiver(pre_save, sender=ProductCategory)
def recount_after_category_moved(
    sender: type[ProductCategory], instance: ProductCategory, **kwargs: Any
) -> None:
    if instance.pk is None:
        return
    stored = ProductCategory.objects.filter(pk=instance.pk).values_list("parent_id", flat=True)
    if stored.first() != instance.parent_id:
        transaction.on_commit(counters.rebuild_categories)
