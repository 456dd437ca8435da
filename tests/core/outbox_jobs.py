"""Job kinds for the outbox's tests, each with an effect that is easy to count."""

from django.contrib.auth.models import Group

from ecosystem.core import outbox
from ecosystem.core.models import Job

ran: list[dict] = []


@outbox.job("tests.group")
def make_group(*, name: str) -> None:
    """An effect that is easy to count: a group of that name (twice would fail)."""
    ran.append({"name": name})
    Group.objects.create(name=name)


@outbox.job("tests.fail")
def fail(*, name: str) -> None:
    Group.objects.create(name=name)  # rolled back with the failure
    raise RuntimeError(f"cannot do {name}")


@outbox.job("tests.steal")
def steal(*, job_id: int) -> None:
    Group.objects.create(name="stolen")
    # Another worker claims the job meanwhile: as if this one's lease had run out.
    Job.objects.filter(pk=job_id).update(attempts=99)
