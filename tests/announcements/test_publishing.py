"""The publishing job: scheduled announcements go public when their time comes, once."""

import datetime

import pytest
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.announcements.publishing import publish_due
from ecosystem.core import outbox
from ecosystem.core.models import Job
from tests.factories import AnnouncementFactory, BrandFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def scheduled(at, **fields):
    return AnnouncementFactory(state="scheduled", publish_at=at, **fields)


def states():
    return dict(Announcement.objects.values_list("slug", "state"))


def test_due_announcements_are_published_and_future_ones_are_not():
    scheduled(NOW - datetime.timedelta(minutes=5), slug="due")
    scheduled(NOW, slug="due-this-second")
    scheduled(NOW + datetime.timedelta(minutes=1), slug="next-minute")
    AnnouncementFactory(state="draft", publish_at=NOW - datetime.timedelta(days=1), slug="draft")
    assert publish_due(NOW) == 2
    state = states()
    assert [state[s] for s in ("due", "due-this-second", "next-minute", "draft")] == [
        "published",
        "published",
        "scheduled",
        "draft",
    ]


def test_publishing_again_changes_nothing():
    scheduled(NOW - datetime.timedelta(minutes=5), slug="due")
    assert publish_due(NOW) == 1
    updated_at = Announcement.objects.get(slug="due").updated_at
    assert publish_due(NOW) == 0
    assert publish_due(NOW + datetime.timedelta(minutes=1)) == 0
    assert Announcement.objects.get(slug="due").updated_at == updated_at


def test_a_published_announcement_appears_on_its_brand_only_once_published():
    brand = BrandFactory()
    announcement = scheduled(timezone.now() + datetime.timedelta(hours=1), brands=[brand])
    assert not brand.announcements.published().exists()
    Announcement.objects.filter(pk=announcement.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    # Due, but not public until the job has run.
    assert not brand.announcements.published().exists()
    assert publish_due() == 1
    assert list(brand.announcements.published()) == [announcement]


def test_publishing_is_recorded_in_the_history_without_a_user():
    brand = BrandFactory()
    announcement = scheduled(NOW - datetime.timedelta(minutes=1), brands=[brand])
    publish_due(NOW)
    record = announcement.history.first()
    assert (record.state, record.history_user, record.history_change_reason) == (
        "published",
        None,
        "published on schedule",
    )
    # The brands are part of the record, so the history shows no brand change.
    assert list(record.brands.values_list("brand_id", flat=True)) == [brand.pk]
    assert [c.field for c in record.diff_against(record.prev_record).changes] == ["state"]


def publishing_jobs():
    return list(Job.objects.filter(kind="announcements.publish").values_list("key", "state"))


def test_saving_a_scheduled_announcement_writes_one_job_due_at_its_date():
    at = timezone.now() + datetime.timedelta(days=2)
    announcement = scheduled(at)
    announcement.title = "Edited before its date"
    announcement.save()
    job = Job.objects.get(kind="announcements.publish")
    assert (job.key, job.arguments) == (str(announcement.pk), {"announcement_id": announcement.pk})
    assert abs(job.due_at - at) < datetime.timedelta(seconds=1)


def test_drafts_and_published_announcements_write_no_job():
    AnnouncementFactory(state="draft")
    AnnouncementFactory(state="published")
    assert publishing_jobs() == []


def test_the_job_publishes_the_announcement_once_it_is_due():
    announcement = scheduled(timezone.now() - datetime.timedelta(seconds=1), slug="due")
    assert outbox.process_due() == {"done": 1}
    assert Announcement.objects.get(slug="due").state == "published"
    assert announcement.history.filter(history_change_reason="published on schedule").count() == 1
    assert outbox.process_due() == {}
    assert publishing_jobs() == [(str(announcement.pk), "done")]


def test_a_date_moved_later_leaves_a_job_for_the_new_date():
    announcement = scheduled(timezone.now() - datetime.timedelta(seconds=1), slug="moved")
    later = timezone.now() + datetime.timedelta(hours=3)
    Announcement.objects.filter(pk=announcement.pk).update(publish_at=later)
    assert outbox.process_due() == {"done": 1}
    assert Announcement.objects.get(slug="moved").state == "scheduled"
    waiting = Job.objects.get(kind="announcements.publish", state="pending")
    assert abs(waiting.due_at - later) < datetime.timedelta(seconds=1)
