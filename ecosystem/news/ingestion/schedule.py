"""How long a source waits before its next fetch: arithmetic over what it did, no database.

Who may fetch a source now, and what a fetch leaves on it, are the Source's own
(see SourceQuerySet and Source.record_success in ecosystem/news/models.py); this
module only says how far out the next fetch goes.
"""

from __future__ import annotations

import datetime
import statistics
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from ecosystem.news.models import Source

# Longer than a fetch may take (the task's hard time limit).
LEASE = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
# The longest a source waits for its next fetch, whatever a server's Retry-After or
# Cache-Control asks or however long a back-off has grown.
LONGEST_FETCH_GAP = datetime.timedelta(days=1)
# The first wait after a failure that waiting does not cure (404, 403, a refused
# address): asking again in minutes only repeats the answer.
PERMANENT_FAILURE_INTERVAL = datetime.timedelta(hours=6)


def clamp(
    value: datetime.timedelta, low: datetime.timedelta, high: datetime.timedelta
) -> datetime.timedelta:
    return max(low, min(high, value))


def interval_after_success(
    source: Source, published: list[datetime.datetime], new: int
) -> datetime.timedelta:
    """The next gap for a source that answered: half its typical publishing gap.

    A source that publishes every hour is looked at every half hour; one that
    brought nothing new is looked at less often each time, up to max_interval.
    """
    recent = sorted(published, reverse=True)[:20]
    gaps = [(a - b).total_seconds() for a, b in zip(recent, recent[1:], strict=False)]
    gaps = [gap for gap in gaps if gap > 0]
    previous = source.fetch_interval or source.min_interval
    if new and gaps:
        interval = datetime.timedelta(seconds=statistics.median(gaps) / 2)
    elif new:
        interval = previous
    else:
        interval = previous * 1.5
    return clamp(interval, source.min_interval, source.max_interval)


def interval_after_failure(
    source: Source, failures: int, *, transient: bool = True
) -> datetime.timedelta:
    """Exponential back-off: min_interval doubled per consecutive failure, up to max_interval.

    A permanent failure starts at PERMANENT_FAILURE_INTERVAL and doubles from
    there, beyond max_interval: that bound is for a feed that works.
    """
    if not transient:
        return PERMANENT_FAILURE_INTERVAL * 2 ** min(max(failures - 1, 0), 20)
    return clamp(
        source.min_interval * 2 ** min(failures, 20), source.min_interval, source.max_interval
    )
