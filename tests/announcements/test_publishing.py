"""The publishing job: scheduled announcements go public when their time comes, once."""

import datetime

import pytest
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.announcements.publishing import publish_due
from ecosystem.announcements.tasks import publish_due_announcements
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


def test_the_beat_task_publishes_what_is_due():
    scheduled(timezone.now() - datetime.timedelta(minutes=1), slug="due")
    assert publish_due_announcements.apply().get() == 1
    assert Announcement.objects.get(slug="due").state == "published"
