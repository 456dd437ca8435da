"""Publish scheduled announcements when their time comes.

Saving a scheduled announcement writes an outbox job due at its date, in the same
transaction (ecosystem/core/outbox.py): the publication cannot be lost to a broker
that is down, and happens within a minute of the date (at once when it is that
close). An announcement whose date was moved later since is published by a job
for the new date, which the first one leaves behind.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from ecosystem.announcements.models import Announcement, record_history
from ecosystem.core import outbox, page_cache

PUBLISH = "announcements.publish"


@receiver(post_save, sender=Announcement)
def publish_when_due(sender: type[Announcement], instance: Announcement, **kwargs: Any) -> None:
    if instance.state == Announcement.State.SCHEDULED and instance.publish_at is not None:
        _enqueue(instance.pk, instance.publish_at)


def _enqueue(pk: int, publish_at: datetime.datetime) -> None:
    # One job per announcement: saving it again before its date reuses the job.
    delay = max(publish_at - timezone.now(), datetime.timedelta(0))
    outbox.enqueue(PUBLISH, key=str(pk), delay=delay, announcement_id=pk)


@outbox.job(PUBLISH)
def publish(*, announcement_id: int) -> None:
    now = timezone.now()
    publish_due(now, pks=[announcement_id])
    later = (
        Announcement.objects.filter(pk=announcement_id, state=Announcement.State.SCHEDULED)
        .filter(publish_at__gt=now)
        .values_list("publish_at", flat=True)
        .first()
    )
    if later is not None:  # the editor moved the date after this job was written
        _enqueue(announcement_id, later)


def publish_due(now: datetime.datetime | None = None, *, pks: Iterable[int] | None = None) -> int:
    """Flip every scheduled announcement dated `now` or earlier (of `pks`, if given) to
    published; returns how many.

    Each flip is a conditional UPDATE ("still scheduled and due"), so two runs at
    once, or an editor changing the announcement meanwhile, never publish one
    twice or publish one that is no longer due; running again changes nothing.
    Each flip is recorded in the announcement's history, without a user.
    """
    now = now or timezone.now()
    published = 0
    due = (
        Announcement.objects.due(now)
        if pks is None
        else Announcement.objects.due(now).filter(pk__in=pks)
    )
    for pk in due.order_by("publish_at").values_list("pk", flat=True):
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
