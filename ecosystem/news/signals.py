"""Changing a brand's aliases or exclusions re-matches the stored news."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ecosystem.brands.models import Alias, ExclusionPhrase
from ecosystem.core import outbox
from ecosystem.news import jobs


# Receivers for every model whose rows decide which brands an item names; a model
# added to matching (context words, say) gets the same two lines.
@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=ExclusionPhrase)
def rematch_after_alias_change(sender: type[Alias | ExclusionPhrase], **kwargs: Any) -> None:
    # In the editor's transaction, so the re-match is committed with the edit or not at
    # all. The key coalesces: every edit until the re-match starts shares that one run,
    # which waits a little for the editor's next edits.
    outbox.enqueue(
        jobs.REMATCH, key="all", delay=datetime.timedelta(seconds=settings.REMATCH_DELAY_SECONDS)
    )
