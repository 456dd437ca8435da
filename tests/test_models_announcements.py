import datetime

import pytest
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from tests.factories import AnnouncementFactory, BrandFactory
from tests.test_models_brands import rejected

pytestmark = pytest.mark.django_db


def test_a_scheduled_announcement_needs_a_date():
    assert rejected(lambda: AnnouncementFactory(state="scheduled", publish_at=None))
    assert not rejected(lambda: AnnouncementFactory(state="draft", publish_at=None))


def test_slugs_are_unique():
    AnnouncementFactory(slug="launch")
    assert rejected(lambda: AnnouncementFactory(slug="launch"))


def test_only_published_announcements_that_are_due_are_public():
    brand = BrandFactory()
    now = timezone.now()
    public = AnnouncementFactory(brands=[brand])
    AnnouncementFactory(brands=[brand], state="draft")
    AnnouncementFactory(brands=[brand], state="scheduled", publish_at=now + datetime.timedelta(1))
    AnnouncementFactory(brands=[brand], publish_at=now + datetime.timedelta(days=1))
    assert list(brand.announcements.published()) == [public]
    assert Announcement.objects.published().filter(pk=public.pk).exists()
