"""Core's one table: the outbox of background jobs (see ecosystem/core/outbox.py).

The module also makes Django send post_migrate to core, which sets the roles'
permissions then.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet["Job"]):
    def due(self, now: datetime.datetime | None = None) -> "JobQuerySet":
        """Pending jobs whose time has come, claimed or not."""
        return self.filter(state=Job.State.PENDING, due_at__lte=now or timezone.now())

    def claimable(self, now: datetime.datetime | None = None) -> "JobQuerySet":
        """Due jobs that no worker holds: never claimed, or its claim ran out (the worker died)."""
        now = now or timezone.now()
        return self.due(now).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))

    def to_hand_over(self, now: datetime.datetime | None = None) -> "JobQuerySet":
        """Claimable jobs never handed to Celery, or handed so long ago that the message
        must have been lost (Redis restarted empty, or the broker refused it)."""
        now = now or timezone.now()
        stale = now - datetime.timedelta(seconds=settings.OUTBOX_HANDOVER_SECONDS)
        return self.claimable(now).filter(Q(handed_at__isnull=True) | Q(handed_at__lt=stale))

    def coalescing(self, kind: str, key: str) -> "JobQuerySet":
        """The pending job of this kind and key that no worker has started yet."""
        return self.filter(kind=kind, key=key, state=Job.State.PENDING, attempts=0)

    def claim(self, pk: int, now: datetime.datetime | None = None) -> int | None:
        """Take job `pk` for this worker; returns its attempt number, or None when another
        worker holds it, it is done, failed or not due.

        One conditional UPDATE: of two workers (or a message delivered twice) only
        one changes the row, and the row count says which.
        """
        now = now or timezone.now()
        lease = now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        won = (
            self.claimable(now)
            .filter(pk=pk)
            .update(claimed_until=lease, attempts=F("attempts") + 1)
        )
        if not won:
            return None
        return self.filter(pk=pk).values_list("attempts", flat=True).get()


class Job(models.Model):
    """Work that must happen after a change, written in the change's transaction."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=100)
    # Pending jobs of one kind with the same key are one job (coalescing); "" never coalesces.
    key = models.CharField(_("key"), max_length=200, blank=True, default="")
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    # Set by the worker that claims the job: no other worker takes it before then.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    # When the job was last given to Celery; the sweep gives it again if it has not run.
    handed_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["due_at", "pk"]
        constraints = [
            # Coalescing: at most one unstarted pending job per kind and key, also when
            # two transactions enqueue at once (the second waits, then finds the first's).
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=Q(state="pending", attempts=0) & ~Q(key=""),
                name="job_one_unstarted_per_key",
            ),
        ]
        indexes = [
            # The sweep's and /healthz's "pending jobs that are due", oldest first.
            models.Index(fields=["due_at"], condition=Q(state="pending"), name="job_due_idx"),
            # Clearing out done jobs after a week.
            models.Index(fields=["done_at"], condition=Q(state="done"), name="job_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
