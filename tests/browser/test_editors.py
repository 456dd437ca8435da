"""An editor at work in the real admin: announcements, their schedule, and curating news."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from ecosystem.announcements.models import Announcement
from ecosystem.announcements.publishing import publish_due
from ecosystem.core import roles
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import Detachment
from tests.factories import PASSWORD, NewsItemFactory, editor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def signed_in(page):
    """The page, signed in through the real login form as a member of "Editors"."""
    if not Group.objects.filter(name="Editors").exists():
        # An earlier transactional test emptied the database.
        roles.sync()
    editor(username="eddie", with_password=True)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def write_announcement(page, *, title, slug, state, publish_at):
    page.goto("/admin/announcements/announcement/add/")
    page.get_by_label("Title:", exact=True).fill(title)
    page.get_by_label("Title:", exact=True).press("End")  # a key up, as when typing
    # The admin's script makes the slug from the title (a static file, allowed by the CSP).
    expect(page.get_by_label("Slug")).to_have_value(slug)
    # filter_horizontal: pick in the "available" list (name="<field>_old"), then choose.
    page.locator("select[name=brands_old]").select_option(label="Yeelight")
    page.get_by_role("button", name="Choose selected brands").click()
    page.locator("select[name=categories_old]").select_option(label="Smart lighting")
    page.get_by_role("button", name="Choose selected categories").click()
    page.get_by_label("Body:", exact=True).fill("A desk lamp that follows the **daylight**.")
    page.get_by_label("State").select_option(state)
    page.locator("input[name=publish_at_0]").fill(publish_at.strftime("%Y-%m-%d"))
    page.locator("input[name=publish_at_1]").fill(publish_at.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/announcements/announcement/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()


def brand_page_text(page, brand_slug):
    """What a visitor reads on the brand's public page (its announcements and news)."""
    page.goto(f"/brands/{brand_slug}/")
    return page.locator("body").inner_text()


def test_an_announcement_published_in_the_past_shows_on_the_brand_page(signed_in):
    title = "Yeelight lamp follows the daylight"
    write_announcement(
        signed_in,
        title=title,
        slug="yeelight-lamp-follows-the-daylight",
        state="published",
        publish_at=timezone.now() - datetime.timedelta(hours=2),
    )
    assert title in brand_page_text(signed_in, "yeelight")
    announcement = Announcement.objects.get(slug="yeelight-lamp-follows-the-daylight")
    assert announcement.author.username == "eddie"
    assert list(announcement.categories.values_list("slug", flat=True)) == ["smart-lighting"]


def test_a_scheduled_announcement_shows_only_once_the_publishing_job_ran(signed_in):
    title = "Yeelight lamp arrives next week"
    write_announcement(
        signed_in,
        title=title,
        slug="yeelight-lamp-arrives-next-week",
        state="scheduled",
        publish_at=timezone.now() + datetime.timedelta(days=7),
    )
    assert title not in brand_page_text(signed_in, "yeelight")
    # Its time comes; until the job runs it is still not public.
    Announcement.objects.filter(slug="yeelight-lamp-arrives-next-week").update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert title not in brand_page_text(signed_in, "yeelight")
    assert publish_due() == 1
    assert title in brand_page_text(signed_in, "yeelight")


def test_a_detached_brand_loses_the_item_for_good(signed_in):
    item = NewsItemFactory(title="Roborock and Dreame launch new robot vacuums")
    rematch_all()
    assert item.title in brand_page_text(signed_in, "roborock")

    signed_in.goto(f"/admin/news/newsitem/{item.pk}/change/")
    # The row whose (read-only) brand picker holds Roborock.
    roborock_row = signed_in.locator("#mentions-group tr.has_original").filter(
        has=signed_in.locator("select[name$='-brand'] option[selected]", has_text="Roborock")
    )
    roborock_row.locator("input[name$='-DELETE']").check()
    signed_in.get_by_role("button", name="Save", exact=True).click()
    signed_in.wait_for_url("**/admin/news/newsitem/")

    assert item.title not in brand_page_text(signed_in, "roborock")
    assert item.title in brand_page_text(signed_in, "dreame")
    assert Detachment.objects.filter(news_item=item, brand__slug="roborock").exists()
    rematch_all()
    assert item.title not in brand_page_text(signed_in, "roborock")
    assert item.title in brand_page_text(signed_in, "dreame")


def test_an_editor_cannot_open_the_user_admin(signed_in):
    response = signed_in.goto("/admin/auth/user/")
    assert response.status == 403
