"""Celery tasks: thin wrappers around ingest and schedule, taking ids as keyword arguments."""

import logging

from celery import shared_task
from django.utils import timezone

from ecosystem.news import schedule
from ecosystem.news.ingest import ingest
from ecosystem.news.models import Source
from ecosystem.news.rematch import rematch_all

logger = logging.getLogger(__name__)


@shared_task
def enqueue_due_sources() -> int:
    """Run by beat every minute: one fetch task per active source that is due."""
    taken = schedule.take_due()
    for source_id in taken:
        fetch_source.delay(source_id=source_id)
    return len(taken)


@shared_task(bind=True, max_retries=10)
def fetch_source(self, *, source_id: int) -> str:
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        logger.info("source %s is gone; nothing to fetch", source_id)
        return "gone"
    lease = schedule.claim(source_id)
    if lease is None:
        # Another worker holds it, or one that died does until its lease runs out.
        source.refresh_from_db(fields=["leased_until"])
        wait = (source.leased_until or timezone.now()) - timezone.now()
        raise self.retry(countdown=max(1, int(wait.total_seconds()) + 1))
    try:
        result = ingest(source)
    finally:
        schedule.release(source_id, lease)
    return result.error or str(result.report)


@shared_task
def rematch_news() -> int:
    """Match every stored item again, after an editor changed aliases or exclusions."""
    return rematch_all()
