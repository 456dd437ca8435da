"""The news app's background jobs, kept in the outbox (ecosystem/core/outbox.py)."""

import logging

from django.conf import settings

from ecosystem.core import outbox
from ecosystem.news.ingestion import fulltext
from ecosystem.news.ingestion.pipeline import SourceBusy, ingest_claimed
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import Source

logger = logging.getLogger(__name__)

REMATCH = "news.rematch"
FETCH = "news.fetch"


# Not atomic: a re-match commits chunk by chunk so that a large archive is never
# locked whole. It is idempotent (it replaces the automatic mentions), so a run cut
# short by a dead worker is simply run again.
@outbox.job(REMATCH, atomic=False)
def rematch() -> None:
    """Match every stored item again, after an editor changed aliases or exclusions."""
    logger.info("re-matched %d items", rematch_all())


# Not atomic: the fetch commits its store and the source's schedule itself. Fetching
# twice stores every item once (the store is idempotent).
@outbox.job(FETCH, atomic=False)
def fetch(*, source_id: int) -> None:
    """An editor's "fetch now"."""
    try:
        result = ingest_claimed(source_id)
    except Source.DoesNotExist:
        logger.info("source %s is gone; nothing to fetch", source_id)
    except SourceBusy:
        logger.info("source %s is being fetched right now; that fetch answers", source_id)
    else:
        assert result is not None  # None only when asked to skip a fetched source
        logger.info("source %s: %s", source_id, result.error or result.report)


# Not atomic: each page read commits on its own, and reading is idempotent (only
# items still pending are read). Half the soft time limit leaves room for the
# page in flight; what is left waits for the next fetch of the source.
@outbox.job(fulltext.JOB, atomic=False)
def full_text(*, source_id: int) -> None:
    """Read the article pages of a teaser feed's new items."""
    seconds = settings.CELERY_TASK_SOFT_TIME_LIMIT / 2
    logger.info("source %s: %s", source_id, fulltext.read_pending(source_id, seconds=seconds))
