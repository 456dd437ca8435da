"""Celery tasks of the outbox: thin wrappers around ecosystem.core.outbox."""

from celery import shared_task

from ecosystem.core import outbox


# acks_late (the project's default) is right here: a message delivered again after
# its worker died finds the job claimed, done, or claimable once the lease ran out.
@shared_task
def run_job(*, job_id: int) -> str:
    """Claim outbox job `job_id` and run it, unless another worker has or did."""
    return outbox.run(job_id)


@shared_task
def hand_over_due_jobs() -> int:
    """Run by beat every minute: hand over the due jobs whose message never went or was lost."""
    return outbox.hand_over_due()
