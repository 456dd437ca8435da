"""Celery tasks: thin wrappers around ingest and schedule, taking ids as keyword arguments."""

import logging

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import Source

logger = logging.getLogger(__name__)


@shared_task
def enqueue_due_sources() -> int:
    """Run by beat every minute: one fetch task per active source that is due."""
    now = timezone.now()
    taken = Source.objects.take_due(now)
    for source_id in taken:
        fetch_source.delay(source_id=source_id, queued_at=now.isoformat())
    return len(taken)


@shared_task(bind=True, max_retries=10)
def fetch_source(self, *, source_id: int, queued_at: str | None = None) -> str:
    """Fetch one source. With `queued_at` (from the schedule), a fetch of the source
    since then, by another copy of this task that the broker delivered twice,
    makes this one a no-op; without it (an editor's "fetch now"), it always fetches."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        logger.info("source %s is gone; nothing to fetch", source_id)
        return "gone"
    lease = Source.objects.claim(source_id)
    if lease is None:
        # Another worker holds it, or one that died does until its lease runs out.
        source.refresh_from_db(fields=["leased_until"])
        wait = (source.leased_until or timezone.now()) - timezone.now()
        raise self.retry(countdown=max(1, int(wait.total_seconds()) + 1))
    try:
        source.refresh_from_db()  # as the previous holder of the lease left it
        if _fetched_since(source, queued_at):
            logger.info("source %s was fetched since this task was queued", source_id)
            return "fetched already"
        result = ingest(source)
    finally:
        Source.objects.release(source_id, lease)
    return result.error or str(result.report)


def _fetched_since(source: Source, queued_at: str | None) -> bool:
    moment = parse_datetime(queued_at) if queued_at else None
    return bool(moment and source.last_fetched_at and source.last_fetched_at >= moment)


@shared_task
def rematch_news() -> int:
    """Match every stored item again, after an editor changed aliases or exclusions."""
    return rematch_all()
