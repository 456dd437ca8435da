"""Editors write announcements in the admin: preview, validation, author and history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, ProductCategory
from tests.factories import AnnouncementFactory, administrator, editor

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:announcements_announcement_add")


def change_url(announcement):
    return reverse("admin:announcements_announcement_change", args=[announcement.pk])


def form_data(**overrides):
    when = timezone.now() - datetime.timedelta(hours=1)
    data = {
        "title": "Yeelight ships a new desk lamp",
        "slug": "yeelight-desk-lamp",
        "brands": [Brand.objects.get(slug="yeelight").pk],
        "categories": [ProductCategory.objects.get(slug="smart-lighting").pk],
        "body": "The lamp is **out**.",
        "state": "published",
        "publish_at_0": when.strftime("%Y-%m-%d"),
        "publish_at_1": when.strftime("%H:%M:%S"),
        "_save": "Save",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client):
    client.force_login(editor())
    return client


@pytest.mark.parametrize("role", [editor, administrator])
def test_the_announcement_pages_open_for_both_roles(client, role):
    client.force_login(role())
    announcement = AnnouncementFactory()
    pages = [
        reverse("admin:announcements_announcement_changelist"),
        ADD_URL,
        change_url(announcement),
        reverse("admin:announcements_announcement_history", args=[announcement.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_announcement_form_needs_no_inline_script(editor_client):
    html = editor_client.get(ADD_URL).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert 'name="_preview"' in html


def test_an_editor_writes_an_announcement_and_is_its_author(editor_client):
    response = editor_client.post(ADD_URL, form_data())
    assert response.status_code == 302
    announcement = Announcement.objects.get(slug="yeelight-desk-lamp")
    user = response.wsgi_request.user
    assert announcement.author == user
    assert announcement.body_html == "<p>The lamp is <strong>out</strong>.</p>"
    assert list(announcement.brands.values_list("slug", flat=True)) == ["yeelight"]
    assert Announcement.objects.published().filter(pk=announcement.pk).exists()


def test_preview_shows_the_rendered_body_and_saves_nothing(editor_client):
    data = form_data(body="# Big news\n\n<script>alert(1)</script>\n\n*soon*", _preview="Preview")
    del data["_save"]
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not saved yet" in html
    assert "<h4>Big news</h4>" in html and "<em>soon</em>" in html
    assert (
        "alert(1)</script>" not in html.split("Preview — not saved yet")[1].split("</section>")[0]
    )
    # What the editor typed is still in the form.
    assert "Yeelight ships a new desk lamp" in html
    assert not Announcement.objects.filter(slug="yeelight-desk-lamp").exists()


def test_preview_of_a_saved_announcement_leaves_it_unchanged(editor_client):
    announcement = AnnouncementFactory(body="old body")
    data = form_data(slug=announcement.slug, body="new *body*", _preview="Preview")
    response = editor_client.post(change_url(announcement), data)
    assert "<em>body</em>" in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.body == "old body"


def test_a_scheduled_announcement_dated_in_the_past_is_refused(editor_client):
    response = editor_client.post(ADD_URL, form_data(state="scheduled"))
    assert response.status_code == 200
    assert "needs a date in the future" in response.content.decode()
    assert not Announcement.objects.filter(slug="yeelight-desk-lamp").exists()


def test_a_published_announcement_dated_in_the_future_is_refused(editor_client):
    later = timezone.now() + datetime.timedelta(days=1)
    response = editor_client.post(ADD_URL, form_data(publish_at_0=later.strftime("%Y-%m-%d")))
    assert "cannot be dated in the future" in response.content.decode()
    assert not Announcement.objects.filter(slug="yeelight-desk-lamp").exists()


def test_a_published_announcement_without_a_date_is_dated_now(editor_client):
    editor_client.post(ADD_URL, form_data(publish_at_0="", publish_at_1=""))
    announcement = Announcement.objects.get(slug="yeelight-desk-lamp")
    assert timezone.now() - announcement.publish_at < datetime.timedelta(minutes=1)


def test_a_scheduled_announcement_is_not_public(editor_client):
    later = timezone.now() + datetime.timedelta(days=1)
    editor_client.post(
        ADD_URL, form_data(state="scheduled", publish_at_0=later.strftime("%Y-%m-%d"))
    )
    announcement = Announcement.objects.get(slug="yeelight-desk-lamp")
    assert announcement.state == "scheduled"
    assert not Announcement.objects.published().filter(pk=announcement.pk).exists()


def test_editing_keeps_the_history_of_who_changed_what(client):
    author, second = editor(username="ada"), editor(username="grace")
    client.force_login(author)
    first_save = form_data()
    client.post(ADD_URL, first_save)
    announcement = Announcement.objects.get(slug="yeelight-desk-lamp")
    client.force_login(second)
    roborock = Brand.objects.get(slug="roborock").pk
    # The same publish_at as the first save, whichever second this one runs in.
    data = form_data(
        body="The lamp is **sold out**.",
        brands=[announcement.brands.get().pk, roborock],
        publish_at_0=first_save["publish_at_0"],
        publish_at_1=first_save["publish_at_1"],
    )
    assert client.post(change_url(announcement), data).status_code == 302

    # One record per save, each with its user and the brands as they were then.
    newest, first = announcement.history.all()
    assert (first.history_type, first.history_user.username) == ("+", "ada")
    assert (newest.history_type, newest.history_user.username) == ("~", "grace")
    diff = newest.diff_against(first)
    assert sorted(change.field for change in diff.changes) == ["body", "brands"]
    assert announcement.author.username == "ada"

    history_page = client.get(
        reverse("admin:announcements_announcement_history", args=[announcement.pk])
    )
    assert "grace" in history_page.content.decode()


def test_the_changelist_filters_by_state(editor_client):
    AnnouncementFactory(title="Still a draft", state="draft", publish_at=None)
    AnnouncementFactory(title="Out already")
    url = reverse("admin:announcements_announcement_changelist")
    html = editor_client.get(url, {"state__exact": "draft"}).content.decode()
    assert "Still a draft" in html and "Out already" not in html


def test_preview_of_a_half_written_announcement_shows_no_errors(editor_client):
    data = {"title": "Draft in progress", "body": "Just **a start**", "_preview": "Preview"}
    html = editor_client.post(ADD_URL, data).content.decode()
    assert "<strong>a start</strong>" in html
    assert "errornote" not in html and "This field is required" not in html
    assert not Announcement.objects.filter(title="Draft in progress").exists()


def test_reverting_to_an_earlier_version_is_recorded_too(client):
    client.force_login(editor(username="ada"))
    client.post(ADD_URL, form_data())
    announcement = Announcement.objects.get(slug="yeelight-desk-lamp")
    client.post(change_url(announcement), form_data(body="Changed."))
    first = announcement.history.earliest()
    revert_url = reverse(
        "admin:announcements_announcement_simple_history",
        args=[announcement.pk, first.history_id],
    )
    assert client.get(revert_url).status_code == 200
    assert client.post(revert_url, form_data()).status_code == 302
    announcement.refresh_from_db()
    assert announcement.body == "The lamp is **out**."
    assert announcement.body_html == "<p>The lamp is <strong>out</strong>.</p>"
    assert announcement.history.count() == 3
    assert announcement.history.first().history_user.username == "ada"
