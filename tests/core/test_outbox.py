"""The outbox: jobs written with the change, claimed once, retried with back-off, kept when
the broker is down."""

import datetime
import threading
import time
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ecosystem.core import outbox
from ecosystem.core.models import Job
from tests.core.outbox_jobs import ran

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_runs():
    ran.clear()


def jobs():
    return list(Job.objects.order_by("pk").values_list("kind", "key", "state"))


# --- enqueue ---------------------------------------------------------------------------


def test_a_job_is_written_with_the_change_or_not_at_all():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("tests.group", name="rolled back")
        raise RuntimeError("the change failed")
    assert jobs() == []
    with transaction.atomic():
        outbox.enqueue("tests.group", name="kept")
    assert jobs() == [("tests.group", "", "pending")]
    assert Job.objects.get().arguments == {"name": "kept"}


def test_an_unknown_kind_is_refused_at_once():
    with pytest.raises(outbox.UnknownJob):
        outbox.enqueue("tests.nobody-handles-this")


def test_jobs_with_the_same_key_are_one_job_until_it_starts():
    first = outbox.enqueue("tests.group", key="a", delay=datetime.timedelta(minutes=1), name="1")
    for n in range(2, 11):
        again = outbox.enqueue("tests.group", key="a", delay=datetime.timedelta(minutes=1), name=n)
        assert again.pk == first.pk
    outbox.enqueue("tests.group", key="b", name="b")
    outbox.enqueue("tests.group", name="no key")
    outbox.enqueue("tests.group", name="no key")
    assert jobs() == [
        ("tests.group", "a", "pending"),
        ("tests.group", "b", "pending"),
        ("tests.group", "", "pending"),
        ("tests.group", "", "pending"),
    ]
    assert Job.objects.get(pk=first.pk).arguments == {"name": "1"}  # the first's arguments


def test_a_coalesced_job_becomes_due_at_the_earlier_time():
    job = outbox.enqueue("tests.group", key="a", delay=datetime.timedelta(hours=1), name="a")
    outbox.enqueue("tests.group", key="a", delay=datetime.timedelta(minutes=1), name="a")
    outbox.enqueue("tests.group", key="a", delay=datetime.timedelta(hours=2), name="a")
    job.refresh_from_db()
    assert job.due_at - job.created_at < datetime.timedelta(minutes=2)


def test_a_started_job_is_not_reused():
    job = outbox.enqueue("tests.group", key="a", name="a")
    assert Job.objects.claim(job.pk) == 1
    assert outbox.enqueue("tests.group", key="a", name="a").pk != job.pk


def test_after_the_commit_the_job_is_handed_to_celery(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = outbox.enqueue("tests.group", name="sent")
    job.refresh_from_db()
    assert job.handed_at is not None


def test_a_broker_that_is_down_leaves_the_job_for_the_sweep(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = outbox.enqueue("tests.group", name="kept")  # must not raise
    job.refresh_from_db()
    assert (job.state, job.handed_at) == ("pending", None)
    assert list(Job.objects.to_hand_over().values_list("pk", flat=True)) == [job.pk]


def test_jobs_due_later_wait_in_the_database_for_the_sweep(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        outbox.enqueue("tests.group", delay=datetime.timedelta(days=1), name="tomorrow")
    assert callbacks == []  # no message waits in Redis longer than its visibility timeout


# --- running ---------------------------------------------------------------------------


def test_a_job_runs_once_and_is_marked_done():
    job = outbox.enqueue("tests.group", name="once")
    assert outbox.run(job.pk) == "done"
    assert outbox.run(job.pk) == "skipped"  # a message delivered twice
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == ("done", 1, "")
    assert ran == [{"name": "once"}]
    assert Group.objects.filter(name="once").count() == 1


def test_a_job_not_yet_due_is_not_run():
    job = outbox.enqueue("tests.group", delay=datetime.timedelta(minutes=5), name="later")
    assert outbox.run(job.pk) == "skipped"
    assert outbox.run(job.pk, now=timezone.now() + datetime.timedelta(minutes=6)) == "done"


def test_only_one_of_two_claims_wins_until_the_lease_runs_out(settings):
    settings.OUTBOX_LEASE_SECONDS = 210
    job = outbox.enqueue("tests.group", name="contested")
    now = timezone.now()
    assert Job.objects.claim(job.pk, now) == 1
    assert Job.objects.claim(job.pk, now + datetime.timedelta(seconds=200)) is None
    # The first worker died: once its lease is over, another takes the job.
    assert Job.objects.claim(job.pk, now + datetime.timedelta(seconds=211)) == 2


def test_a_failure_undoes_the_effect_and_is_retried_later_with_its_error(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    job = outbox.enqueue("tests.fail", name="broken")
    assert outbox.run(job.pk) == "retrying"
    job.refresh_from_db()
    assert not Group.objects.filter(name="broken").exists()
    assert (job.state, job.attempts, job.claimed_until) == ("pending", 1, None)
    assert "RuntimeError: cannot do broken" in job.last_error
    assert (
        datetime.timedelta(seconds=29)
        < job.due_at - timezone.now()
        <= datetime.timedelta(seconds=30)
    )


def test_back_off_doubles_up_to_an_hour(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    waits = [outbox.backoff(attempt).total_seconds() for attempt in (1, 2, 3, 4, 8, 30)]
    assert waits == [30, 60, 120, 240, 3600, 3600]


def test_after_the_last_attempt_the_job_is_failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    job = outbox.enqueue("tests.fail", name="broken")
    later = timezone.now()
    outcomes = []
    for _ in range(3):
        later += datetime.timedelta(hours=2)
        outcomes.append(outbox.run(job.pk, now=later))
    assert outcomes == ["retrying", "retrying", "failed"]
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)
    assert outbox.run(job.pk, now=later + datetime.timedelta(days=1)) == "skipped"


def test_a_job_whose_claim_was_lost_undoes_its_effect():
    job = outbox.enqueue("tests.steal", name="x", job_id=0)
    Job.objects.filter(pk=job.pk).update(arguments={"job_id": job.pk})
    assert outbox.run(job.pk) == "claim lost"
    assert not Group.objects.filter(name="stolen").exists()


def test_retry_makes_failed_jobs_due_again_for_one_more_attempt(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    job = outbox.enqueue("tests.fail", name="broken")
    outbox.run(job.pk)
    assert outbox.retry(Job.objects.all()) == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("pending", 1)
    assert job.due_at <= timezone.now()
    assert outbox.run(job.pk) == "failed"


def test_retry_leaves_running_and_done_jobs_alone():
    running = outbox.enqueue("tests.group", name="running")
    Job.objects.claim(running.pk)
    done = outbox.enqueue("tests.group", name="done")
    outbox.run(done.pk)
    assert outbox.retry(Job.objects.all()) == 0


# --- the sweep and the command -----------------------------------------------------------


def test_the_sweep_hands_over_what_is_due_and_never_went_or_was_lost(settings):
    settings.OUTBOX_HANDOVER_SECONDS = 120
    now = timezone.now()
    never = outbox.enqueue("tests.group", name="never handed")
    lost = outbox.enqueue("tests.group", name="lost")
    Job.objects.filter(pk=lost.pk).update(handed_at=now - datetime.timedelta(minutes=5))
    recent = outbox.enqueue("tests.group", name="just handed")
    Job.objects.filter(pk=recent.pk).update(handed_at=now)
    running = outbox.enqueue("tests.group", name="running")
    Job.objects.claim(running.pk)
    outbox.enqueue("tests.group", delay=datetime.timedelta(hours=1), name="not due")
    old = outbox.enqueue("tests.group", name="done long ago")
    outbox.run(old.pk)
    Job.objects.filter(pk=old.pk).update(done_at=now - datetime.timedelta(days=8))

    assert outbox.hand_over_due() == 2
    handed = Job.objects.filter(handed_at__gt=now - datetime.timedelta(seconds=5))
    assert sorted(handed.values_list("pk", flat=True)) == sorted([never.pk, lost.pk, recent.pk])
    assert not Job.objects.filter(pk=old.pk).exists()


def test_the_sweep_fails_a_job_whose_every_attempt_died_with_its_worker(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    job = outbox.enqueue("tests.group", name="too slow")
    later = timezone.now()
    for _ in range(2):  # claimed, then the worker is killed: nothing recorded
        later += datetime.timedelta(hours=1)
        assert Job.objects.claim(job.pk, later)
    outbox.hand_over_due(later + datetime.timedelta(hours=1))
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 2)
    assert "stopped before it finished" in job.last_error


def test_run_outbox_once_runs_what_is_due(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    outbox.enqueue("tests.group", name="a")
    outbox.enqueue("tests.group", name="b")
    outbox.enqueue("tests.fail", name="c")
    outbox.enqueue("tests.group", delay=datetime.timedelta(hours=1), name="later")
    out = StringIO()
    call_command("run_outbox", "--once", stdout=out)
    assert out.getvalue() == "2 done, 1 failed\n"
    assert sorted(Group.objects.filter(name__in="abc").values_list("name", flat=True)) == [
        "a",
        "b",
    ]
    out = StringIO()
    call_command("run_outbox", "--once", stdout=out)
    assert out.getvalue() == "nothing due\n"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_transactions_enqueueing_the_same_key_at_once_share_one_job():
    written = threading.Event()

    def first():
        try:
            with transaction.atomic():
                outbox.enqueue("tests.group", key="shared", name="first")
                written.set()
                time.sleep(1)  # the second transaction tries meanwhile, and waits
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert written.wait(timeout=10)
        with transaction.atomic():
            job = outbox.enqueue("tests.group", key="shared", name="second")
    finally:
        thread.join()
    shared = Job.objects.filter(kind="tests.group", key="shared")
    assert list(shared.values_list("pk", "arguments")) == [(job.pk, {"name": "first"})]
