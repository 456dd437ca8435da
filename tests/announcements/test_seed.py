"""The bundled announcement is in every database after `migrate`."""

import pytest

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand

pytestmark = pytest.mark.django_db


def test_the_aiot_pledge_is_the_first_announcement_on_xiaomis_page():
    xiaomi = Brand.objects.get(slug="xiaomi")
    first = xiaomi.announcements.published().order_by("publish_at").first()
    assert first is not None
    assert "10 billion yuan" in first.body
    assert first.publish_at.year == 2019
    assert set(first.brands.values_list("slug", flat=True)) >= {"xiaomi", "youpin", "redmi"}
    assert Announcement.objects.published().count() >= 1
