"""Which sources are due, who may fetch them, and when they are fetched next."""

import datetime

import pytest
from django.utils import timezone

from ecosystem.news.ingestion import schedule
from ecosystem.news.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


def test_new_active_sources_are_due_and_paused_or_inactive_ones_are_not():
    due = SourceFactory()
    SourceFactory(active=False)
    SourceFactory(paused_at=timezone.now())
    SourceFactory(next_fetch_at=timezone.now() + HOUR)
    assert list(Source.objects.due()) == [due]


def test_failing_sources_are_those_still_tried_and_paused_ones_are_apart():
    failing = SourceFactory(last_status=Source.Status.FAILED, consecutive_failures=2)
    paused = SourceFactory(last_status=Source.Status.FAILED, paused_at=timezone.now())
    SourceFactory(last_status=Source.Status.FAILED, active=False)
    SourceFactory(last_status=Source.Status.OK)
    assert list(Source.objects.failing()) == [failing]
    assert list(Source.objects.paused()) == [paused]


def test_a_re_enabled_source_is_due_at_once_with_its_failures_forgotten():
    now = timezone.now()
    source = SourceFactory(
        paused_at=now - HOUR, failing_since=now - 2 * HOUR, consecutive_failures=8,
        next_fetch_at=now + 12 * HOUR,
    )  # fmt: skip
    source.re_enable(now)
    source.refresh_from_db()
    assert (source.paused_at, source.failing_since, source.consecutive_failures) == (None, None, 0)
    assert list(Source.objects.due(now)) == [source]


def test_a_due_source_is_taken_once_even_by_two_schedulers():
    source = SourceFactory()
    assert Source.objects.take_due() == [source.pk]
    assert Source.objects.take_due() == []


def test_a_source_is_leased_to_one_worker_at_a_time():
    source = SourceFactory()
    lease = Source.objects.claim(source.pk)
    assert lease is not None
    assert Source.objects.claim(source.pk) is None
    Source.objects.release(source.pk, lease)
    assert Source.objects.claim(source.pk) is not None


def test_an_expired_lease_can_be_taken_over():
    source = SourceFactory(leased_until=timezone.now() - MINUTE)
    assert Source.objects.claim(source.pk) is not None


def test_a_busy_source_is_looked_at_often():
    source = SourceFactory.build(min_interval=5 * MINUTE, max_interval=12 * HOUR)
    now = timezone.now()
    hourly = [now - n * HOUR for n in range(10)]
    assert schedule.interval_after_success(source, hourly, new=3) == 30 * MINUTE


def test_the_interval_stays_within_its_bounds():
    source = SourceFactory.build(min_interval=15 * MINUTE, max_interval=2 * HOUR)
    now = timezone.now()
    every_minute = [now - n * MINUTE for n in range(10)]
    weekly = [now - n * datetime.timedelta(days=7) for n in range(10)]
    assert schedule.interval_after_success(source, every_minute, new=5) == 15 * MINUTE
    assert schedule.interval_after_success(source, weekly, new=1) == 2 * HOUR


def test_a_quiet_source_is_looked_at_less_often_each_time():
    source = SourceFactory.build(fetch_interval=HOUR, max_interval=12 * HOUR)
    assert schedule.interval_after_success(source, [], new=0) == 90 * MINUTE


def test_failures_back_off_exponentially_up_to_the_maximum():
    source = SourceFactory.build(min_interval=10 * MINUTE, max_interval=4 * HOUR)
    gaps = [schedule.interval_after_failure(source, n) for n in (1, 2, 3, 10)]
    assert gaps == [20 * MINUTE, 40 * MINUTE, 80 * MINUTE, 4 * HOUR]


def test_the_servers_cache_lifetime_is_honoured():
    source = SourceFactory(min_interval=5 * MINUTE)
    now = timezone.now()
    source.record_success(
        status=Source.Status.OK, etag="", last_modified="", published=[], new=0,
        max_age=3 * HOUR, retry_after=None, now=now,
    )  # fmt: skip
    assert source.next_fetch_at == now + 3 * HOUR


def test_a_run_of_failures_remembers_when_it_began_and_success_ends_it():
    source = SourceFactory()
    start = timezone.now()
    source.record_failure(message="HTTP 500", now=start)
    source.record_failure(message="HTTP 500", now=start + HOUR)
    assert source.failing_since == start and source.consecutive_failures == 2
    source.record_success(
        status=Source.Status.OK, etag="", last_modified="", published=[], new=0,
        max_age=None, retry_after=None, now=start + 2 * HOUR,
    )  # fmt: skip
    source.refresh_from_db()
    assert source.failing_since is None and source.consecutive_failures == 0
