"""The outbox: background work that must happen, kept in the database with the change.

A change that needs work done later (re-matching after an alias edit, announcing
an official item, publishing at a date) calls `enqueue()` inside its own
transaction: the job is a row (`core.Job`) committed with the change or not at
all. Only after the commit is the job handed to Celery; when the broker is down
that fails, is logged, and the beat sweep (`hand_over_due`, every minute) hands
it over once the broker is back. A worker claims the row with a conditional
UPDATE before running it (`JobQuerySet.claim`), so two workers, two beats or a
message delivered twice never run one job twice; the claim is a lease, so a job
whose worker died is claimed again when the lease runs out.

Apps register their kinds of job with `@job("app.kind")` (from a module their
ready() imports), as they register their models with invalidation.watch: core
knows no app. A handler takes JSON-serialisable keyword arguments and must be
idempotent: a job that failed after part of its work, or whose worker died, runs
again. By default it runs in one transaction with marking the job done, so its
effect and "done" commit together; `atomic=False` is for handlers that commit
in steps of their own (a re-match of the whole archive).
"""

import datetime
import logging
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from ecosystem.core.models import Job

logger = logging.getLogger(__name__)

# Jobs due within this long go to Celery with a countdown; later ones wait in the
# database for the sweep, so no message waits in Redis for longer than its
# visibility timeout (after which Redis would deliver it again).
COUNTDOWN_LIMIT = datetime.timedelta(seconds=60)
# The longest wait between two attempts of a failing job.
MAX_BACKOFF = datetime.timedelta(hours=1)
# Done jobs are kept this long, for the admin's list, then deleted by the sweep.
KEEP_DONE = datetime.timedelta(days=7)
# The sweep hands over at most this many jobs a minute; the rest the next minute.
SWEEP_BATCH = 1000
ERROR_CHARACTERS = 4000
DIED = (
    "The worker running this job stopped before it finished, in every attempt: "
    "killed, or past CELERY_TASK_TIME_LIMIT."
)
# Seconds a hand-over may wait for the broker to accept a connection.
HAND_OVER_TIMEOUT = 2

Function = Callable[..., Any]


@dataclass(frozen=True)
class Handler:
    function: Function
    atomic: bool


_handlers: dict[str, Handler] = {}


class UnknownJob(LookupError):
    """A job of a kind that no app registered."""


class _ClaimLost(Exception):
    """Another worker claimed the job while this one ran it (this one's lease ran out)."""


def job(kind: str, *, atomic: bool = True) -> Callable[[Function], Function]:
    """Register the handler of the jobs of `kind` ("app.what")."""

    def register(function: Function) -> Function:
        registered = _handlers.get(kind)
        if registered is not None and registered.function is not function:
            raise ValueError(f"two handlers for the job kind {kind!r}")
        _handlers[kind] = Handler(function, atomic)
        return function

    return register


def kinds() -> list[str]:
    return sorted(_handlers)


def enqueue(
    kind: str,
    *,
    key: str | None = None,
    delay: datetime.timedelta = datetime.timedelta(0),
    **kwargs: Any,
) -> Job:
    """Write a job in the caller's transaction; hand it to Celery after the commit.

    With `key`, a pending job of the same kind and key that no worker has started
    yet is reused (its arguments stay; it becomes due at the earlier of the two
    times): ten edits in a minute then cause one run.
    """
    if kind not in _handlers:
        raise UnknownJob(f"no handler is registered for the job kind {kind!r}")
    due = timezone.now() + delay
    with transaction.atomic():
        job, handed = _coalesced(kind, key, due) if key else (None, False)
        if job is None:
            job, handed = _created(kind, key or "", due, kwargs), True
    if handed and delay <= COUNTDOWN_LIMIT:
        countdown = max(0.0, delay.total_seconds())
        transaction.on_commit(lambda: hand_over([job.pk], countdown=countdown))
    return job


def _coalesced(kind: str, key: str, due: datetime.datetime) -> tuple[Job | None, bool]:
    """(the unstarted job of this kind and key, whether it became due earlier), or (None, False).

    The row is locked until the caller commits, so a worker cannot start it meanwhile
    and miss the caller's change.
    """
    job = Job.objects.coalescing(kind, key).select_for_update().first()
    if job is None:
        return None, False
    if due < job.due_at:
        job.due_at = due
        job.save(update_fields=["due_at"])
        return job, True
    return job, False


def _created(kind: str, key: str, due: datetime.datetime, arguments: dict[str, Any]) -> Job:
    try:
        with transaction.atomic():
            return Job.objects.create(kind=kind, key=key, due_at=due, arguments=arguments)
    except IntegrityError:
        # Another transaction wrote the same kind and key and committed first.
        job, _ = _coalesced(kind, key, due)
        if job is None:
            raise
        return job


def hand_over(job_ids: Iterable[int], countdown: float = 0) -> int:
    """Send a run_job message for each job; returns how many were sent.

    A broker that cannot be reached is logged, not raised: the change that wrote
    the jobs is committed already, and the sweep hands them over later.
    """
    from ecosystem.core.tasks import run_job

    sent = []
    try:
        # One quick attempt, no retries: a web request must not wait for a broker that
        # is down (kombu would retry for seconds), and the sweep tries again anyway.
        with run_job.app.connection_for_write(
            connect_timeout=HAND_OVER_TIMEOUT, transport_options={"max_retries": 0}
        ) as connection:
            producer = connection.Producer()
            for pk in job_ids:
                run_job.apply_async(
                    kwargs={"job_id": pk}, countdown=countdown, retry=False, producer=producer
                )
                sent.append(pk)
    except Exception as exc:  # any broker failure: the job stays in the outbox
        logger.warning("outbox: could not hand jobs to Celery, the sweep will: %r", exc)
    if sent:
        Job.objects.filter(pk__in=sent).update(handed_at=timezone.now())
    return len(sent)


def hand_over_due(now: datetime.datetime | None = None) -> int:
    """The sweep (beat, every minute): hand over what is due and not handed over, or lost."""
    now = now or timezone.now()
    Job.objects.filter(state=Job.State.DONE, done_at__lt=now - KEEP_DONE).delete()
    # A job whose every attempt died with its worker (killed, or past the hard time
    # limit) never recorded a failure; it is failed here rather than claimed for ever.
    Job.objects.claimable(now).filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        state=Job.State.FAILED, claimed_until=None, done_at=now, last_error=DIED
    )
    ids = list(Job.objects.to_hand_over(now).order_by("due_at").values_list("pk", flat=True))
    return hand_over(ids[:SWEEP_BATCH])


def run(job_id: int, now: datetime.datetime | None = None) -> str:
    """Claim job `job_id` and run it; returns what happened ("done", "failed", "skipped", ...)."""
    attempt = Job.objects.claim(job_id, now)
    if attempt is None:
        return "skipped"  # done, failed, not due, or another worker holds it
    job = Job.objects.get(pk=job_id)
    try:
        handler = _handlers.get(job.kind)
        if handler is None:
            raise UnknownJob(f"no handler is registered for the job kind {job.kind!r}")
        if handler.atomic:
            with transaction.atomic():
                handler.function(**job.arguments)
                if not _finish(job, attempt):
                    raise _ClaimLost  # undoes the effect: the other worker's run counts
        else:
            handler.function(**job.arguments)
            _finish(job, attempt)
    except _ClaimLost:
        logger.warning("outbox: %s was claimed by another worker meanwhile", job)
        return "claim lost"
    except Exception as exc:  # a failing job is recorded and retried, never lost
        logger.exception("outbox: %s failed (attempt %d)", job, attempt)
        return _failed(job, attempt, exc)
    return "done"


def _mine(job: Job, attempt: int) -> Any:
    """The job's row while this worker's claim holds (the attempt count is the claim's token)."""
    return Job.objects.filter(pk=job.pk, state=Job.State.PENDING, attempts=attempt)


def _finish(job: Job, attempt: int) -> bool:
    done = _mine(job, attempt).update(
        state=Job.State.DONE, done_at=timezone.now(), claimed_until=None, last_error=""
    )
    return bool(done)


def backoff(attempt: int) -> datetime.timedelta:
    """How long a job waits after its `attempt`-th failure: doubling, at most an hour."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** min(attempt - 1, 20)
    return min(datetime.timedelta(seconds=seconds), MAX_BACKOFF)


def _failed(job: Job, attempt: int, exc: BaseException) -> str:
    error = "".join(traceback.format_exception(exc))[-ERROR_CHARACTERS:]
    now = timezone.now()
    if attempt >= settings.OUTBOX_MAX_ATTEMPTS:
        _mine(job, attempt).update(
            state=Job.State.FAILED, claimed_until=None, last_error=error, done_at=now
        )
        return "failed"
    _mine(job, attempt).update(
        due_at=now + backoff(attempt), claimed_until=None, handed_at=None, last_error=error
    )
    return "retrying"


def process_due(now: datetime.datetime | None = None) -> Counter[str]:
    """Run every job that is due, here and now (run_outbox, tests); counts the outcomes."""
    outcomes: Counter[str] = Counter()
    ids = Job.objects.claimable(now).order_by("due_at", "pk").values_list("pk", flat=True)
    for pk in list(ids):
        outcomes[run(pk)] += 1
    return outcomes


def retry(jobs: Any) -> int:
    """Make failed jobs, and those waiting after a failure, due now for one more attempt
    each; returns how many. A job that fails again after its last attempt is failed again."""
    waiting = Q(state=Job.State.PENDING, claimed_until__isnull=True)
    changed = jobs.filter(Q(state=Job.State.FAILED) | waiting).update(
        state=Job.State.PENDING, due_at=timezone.now(), claimed_until=None, handed_at=None,
        done_at=None,
    )  # fmt: skip
    return changed


@dataclass(frozen=True)
class Backlog:
    due: int
    oldest_due_at: datetime.datetime | None

    def oldest_age(self, now: datetime.datetime) -> float:
        return (now - self.oldest_due_at).total_seconds() if self.oldest_due_at else 0.0


def backlog(now: datetime.datetime | None = None) -> Backlog:
    """How many jobs are due and since when the oldest is (for /healthz)."""
    found = Job.objects.due(now).aggregate(due=Count("pk"), oldest=Min("due_at"))
    return Backlog(found["due"], found["oldest"])
