"""The news app's background jobs, kept in the outbox (ecosystem/core/outbox.py)."""

import logging

from ecosystem.core import outbox
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
