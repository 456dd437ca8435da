"""When each source is fetched next, and who may fetch it now.

Two rules keep fetching race-free without a lock server, in the manner of a
conditional UPDATE whose row count says who won:

- `take_due` moves a due source's next_fetch_at forward before its task is
  enqueued, so two beat schedulers running at once enqueue it once.
- `claim` leases a source to one worker until the lease expires, so two
  workers never fetch it at the same time; a worker killed mid-fetch loses its
  lease when it expires and the redelivered task takes over.
"""

import datetime
import statistics

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ecosystem.news.models import Source

# Longer than a fetch may take (the task's hard time limit).
LEASE = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
# The longest a server's Retry-After or Cache-Control may push a fetch out.
LONGEST_DELAY = datetime.timedelta(days=1)


def due(now=None):
    now = now or timezone.now()
    return Source.objects.filter(active=True, paused_at__isnull=True).filter(
        Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
    )


def take_due(now=None) -> list[int]:
    """Ids of due sources, each moved out of the due set so nobody else enqueues it."""
    now = now or timezone.now()
    taken = []
    for source_id in due(now).values_list("pk", flat=True):
        # Should the task be lost, the source is due again once the lease has passed.
        won = due(now).filter(pk=source_id).update(next_fetch_at=now + LEASE)
        if won:
            taken.append(source_id)
    return taken


def claim(source_id: int, now=None) -> datetime.datetime | None:
    """Lease the source to the caller; returns the lease (pass it to `release`) or None."""
    now = now or timezone.now()
    lease = now + LEASE
    won = (
        Source.objects.filter(pk=source_id)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=lease)
    )
    return lease if won else None


def release(source_id: int, lease: datetime.datetime) -> None:
    Source.objects.filter(pk=source_id, leased_until=lease).update(leased_until=None)


def clamp(value, low, high):
    return max(low, min(high, value))


def interval_after_success(source: Source, published: list[datetime.datetime], new: int):
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


def interval_after_failure(source: Source, failures: int) -> datetime.timedelta:
    """Exponential back-off: min_interval doubled per consecutive failure, up to max_interval."""
    return clamp(
        source.min_interval * 2 ** min(failures, 20), source.min_interval, source.max_interval
    )


def record_success(
    source, *, status, etag, last_modified, published, new, max_age, retry_after, now
):
    interval = interval_after_success(source, published, new)
    delay = max([interval, *(d for d in (max_age, retry_after) if d)])
    source.fetch_interval = interval
    source.next_fetch_at = now + min(delay, LONGEST_DELAY)
    source.last_fetched_at = now
    source.last_status = status
    source.consecutive_failures = 0
    source.failing_since = None
    if etag or last_modified or status == Source.Status.OK:
        source.etag, source.last_modified = etag, last_modified
    source.save(
        update_fields=[
            "fetch_interval", "next_fetch_at", "last_fetched_at", "last_status",
            "consecutive_failures", "failing_since", "etag", "last_modified",
        ]
    )  # fmt: skip


def record_failure(source, *, message: str, retry_after=None, now):
    failures = source.consecutive_failures + 1
    interval = interval_after_failure(source, failures)
    delay = max(interval, retry_after or datetime.timedelta(0))
    if source.consecutive_failures == 0:
        source.failing_since = now
    source.consecutive_failures = failures
    source.fetch_interval = interval
    source.next_fetch_at = now + min(delay, LONGEST_DELAY)
    source.last_fetched_at = now
    source.last_status = Source.Status.FAILED
    source.last_error = message[:500]
    source.last_error_at = now
    if failures >= settings.FEEDS_PAUSE_AFTER_FAILURES and source.paused_at is None:
        source.paused_at = now
    source.save(
        update_fields=[
            "consecutive_failures", "failing_since", "fetch_interval", "next_fetch_at",
            "last_fetched_at", "last_status", "last_error", "last_error_at", "paused_at",
        ]
    )  # fmt: skip
