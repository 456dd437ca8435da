"""Changing a brand's aliases, exclusions or context words re-matches the stored news."""

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ecosystem.brands.models import Alias, ContextWord, ExclusionPhrase

logger = logging.getLogger(__name__)


def _enqueue_rematch() -> None:
    from ecosystem.news.tasks import rematch_news

    rematch_news.delay()


@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=ExclusionPhrase)
@receiver([post_save, post_delete], sender=ContextWord)
def rematch_after_alias_change(
    sender: type[Alias | ExclusionPhrase | ContextWord], **kwargs: Any
) -> None:
    connection = transaction.get_connection()
    # One re-match per transaction, however many aliases an admin form saved.
    if not any(func is _enqueue_rematch for _, func, _ in connection.run_on_commit):
        # robust: a broker that is down must not undo the editor's change.
        transaction.on_commit(_enqueue_rematch, robust=True)
