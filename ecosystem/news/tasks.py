"""Celery tasks: thin wrappers around ingest and schedule, taking ids as keyword arguments."""

import logging

from celery import Task, shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ecosystem.news.ingestion.pipeline import SourceBusy, ingest_claimed
from ecosystem.news.models import Source

logger = logging.getLogger(__name__)


@shared_task
def enqueue_due_sources() -> int:
    """Run by beat every minute: one fetch task per active source that is due.

    Not an outbox job: the source's row is its own durable record. take_due moves
    its next fetch a lease ahead, so a message lost with the broker only delays the
    fetch until the lease ends and the source is due again.
    """
    now = timezone.now()
    taken = Source.objects.take_due(now)
    for source_id in taken:
        fetch_source.delay(source_id=source_id, queued_at=now.isoformat())
    return len(taken)


@shared_task(bind=True, max_retries=10)
def fetch_source(self: Task, *, source_id: int, queued_at: str | None = None) -> str:
    """Fetch one source. With `queued_at` (from the schedule), a fetch of the source
    since then, by another copy of this task that the broker delivered twice,
    makes this one a no-op; without it (an editor's "fetch now"), it always fetches."""
    try:
        result = ingest_claimed(
            source_id, unless_fetched_since=parse_datetime(queued_at) if queued_at else None
        )
    except Source.DoesNotExist:
        logger.info("source %s is gone; nothing to fetch", source_id)
        return "gone"
    except SourceBusy as busy:
        # Another worker holds it, or one that died does until its lease runs out.
        wait = (busy.leased_until or timezone.now()) - timezone.now()
        raise self.retry(countdown=max(1, int(wait.total_seconds()) + 1)) from None
    if result is None:
        return "fetched already"
    return result.error or str(result.report)
