"""Publish scheduled announcements when their time comes (run by Celery beat every minute)."""

import datetime

from django.db import transaction
from django.utils import timezone

from ecosystem.announcements.models import Announcement, record_history
from ecosystem.core import page_cache


def publish_due(now: datetime.datetime | None = None) -> int:
    """Flip every scheduled announcement dated `now` or earlier to published; returns how many.

    Each flip is a conditional UPDATE ("still scheduled and due"), so two runs at
    once, or an editor changing the announcement meanwhile, never publish one
    twice or publish one that is no longer due; running again changes nothing.
    Each flip is recorded in the announcement's history, without a user.
    """
    now = now or timezone.now()
    published = 0
    for pk in Announcement.objects.due(now).order_by("publish_at").values_list("pk", flat=True):
        with transaction.atomic():
            won = (
                Announcement.objects.due(now)
                .filter(pk=pk)
                .update(state=Announcement.State.PUBLISHED, updated_at=now)
            )
            if won:
                published += 1
                announcement = Announcement.objects.get(pk=pk)
                announcement._history_user = None  # the job, not whoever a request left behind
                record_history(announcement, reason="published on schedule")
    if published:
        page_cache.catalogue_changed()  # the flips were UPDATEs, which send no signal
    return published
