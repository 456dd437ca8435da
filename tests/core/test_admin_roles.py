"""Every admin page, walked as each role: a role reaches exactly what it is granted.

The table below is the specification of the roles; a model registered in the
admin without a line here fails the walk, so a new model gets decided on.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand, ProductCategory, Tie
from ecosystem.core.models import Job
from ecosystem.follows.models import Mail
from tests.factories import (
    FollowFactory,
    NewsItemFactory,
    SourceFactory,
    UserFactory,
    administrator,
    editor,
)

pytestmark = pytest.mark.django_db

ALL = "view add change delete"
# {model: {role: actions granted}}; a superuser may do what the admin offers at all.
ROLES = {
    "auth.group": {"Editors": "", "Administrators": ALL},
    "auth.user": {"Editors": "", "Administrators": ALL},
    "axes.accessattempt": {"Editors": "", "Administrators": "view delete"},
    "axes.accesslog": {"Editors": "", "Administrators": "view"},
    "axes.accessfailurelog": {"Editors": "", "Administrators": "view"},
    "brands.productcategory": {"Editors": "view", "Administrators": ALL},
    "brands.brand": {"Editors": "view", "Administrators": ALL},
    "brands.tie": {"Editors": "view", "Administrators": ALL},
    "news.source": {"Editors": "view", "Administrators": ALL},
    "news.newsitem": {"Editors": "view change", "Administrators": ALL},
    "announcements.announcement": {"Editors": ALL, "Administrators": ALL},
    "follows.subscriber": {"Editors": "", "Administrators": "view delete"},
    "follows.follow": {"Editors": "view", "Administrators": "view change delete"},
    "follows.mail": {"Editors": "", "Administrators": "view"},
    "core.job": {"Editors": "", "Administrators": "view change"},
}
# Pages a granted permission does not open, and why: an editor sees how many
# follow what, never one follow, which names its mail address.
WITHHELD = {("follows.follow", "Editors", "change"), ("follows.follow", "Editors", "history")}
# Which permission each admin page needs.
PAGES = {
    "changelist": {"view", "change"},
    "add": {"add"},
    "change": {"view", "change"},
    "delete": {"delete"},
    "history": {"view", "change"},
}


def _one_of_each(staff: User) -> dict[str, object]:
    follow = FollowFactory(brand=Brand.objects.get(slug="xiaomi"))
    attempt = {"ip_address": "203.0.113.9", "username": "someone", "user_agent": "test"}
    return {
        "auth.group": Group.objects.get(name="Editors"),
        "auth.user": staff,
        "axes.accessattempt": AccessAttempt.objects.create(**attempt, failures_since_start=1),
        "axes.accesslog": AccessLog.objects.create(**attempt),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**attempt, locked_out=False),
        "brands.productcategory": ProductCategory.objects.first(),
        "brands.brand": Brand.objects.get(slug="xiaomi"),
        "brands.tie": Tie.objects.first(),
        "news.source": SourceFactory(),
        "news.newsitem": NewsItemFactory(),
        "announcements.announcement": Announcement.objects.first(),
        "follows.subscriber": follow.subscriber,
        "follows.follow": follow,
        "follows.mail": Mail.objects.create(
            subscriber=follow.subscriber, follow=follow, kind=Mail.Kind.CONFIRM
        ),
        "core.job": Job.objects.create(kind="news.rematch"),
    }


def _url(page: str, label: str, obj: object) -> str:
    app, model = label.split(".")
    name = f"admin:{app}_{model}_{page}"
    return reverse(name) if page in ("changelist", "add") else reverse(name, args=[obj.pk])


def _walk(client, user: User, objects: dict[str, object]) -> dict[tuple[str, str], int]:
    client.force_login(user)
    return {
        (label, page): client.get(_url(page, label, obj)).status_code
        for label, obj in objects.items()
        for page in PAGES
    }


def test_every_admin_model_has_its_roles_decided():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ROLES)


@pytest.mark.parametrize("role", ["Editors", "Administrators"])
def test_each_role_reaches_exactly_the_admin_pages_it_is_granted(client, role):
    staff = UserFactory(username="somebody-else")
    objects = _one_of_each(staff)
    offered = _walk(client, UserFactory(username="root", is_superuser=True), objects)
    member = editor() if role == "Editors" else administrator()

    reached = _walk(client, member, objects)

    for (label, page), status in reached.items():
        granted = set(ROLES[label][role].split())
        opens = granted & PAGES[page] and (label, role, page) not in WITHHELD
        expected = offered[label, page] if opens else 403
        assert status == expected, f"{role} on {label} {page}: {status}, expected {expected}"


def test_an_administrator_cannot_make_anyone_a_superuser(client):
    admin_user = administrator(username="admin1")
    target = editor(username="eddie")
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in ("groups", "user_permissions")
    }
    data |= {"is_superuser": "on", "is_active": "on", "is_staff": "on", "username": "eddie"}
    data |= {"date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}

    edited = client.post(url, data)
    themselves = reverse("admin:auth_user_change", args=[admin_user.pk])
    client.post(themselves, data | {"username": "admin1"})

    assert edited.status_code == 302  # the form was saved, without the superuser flag
    assert not User.objects.filter(is_superuser=True).exists()


def test_an_administrator_cannot_change_delete_or_reset_a_superuser(client):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(administrator())

    password = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(password).status_code == 403
    assert (
        client.post(
            password, {"password1": "x-New-pass-123", "password2": "x-New-pass-123"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:auth_user_delete", args=[root.pk]), {"post": "yes"}).status_code
        == 403
    )
    bulk = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [root.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    root.refresh_from_db()
    assert root.is_superuser and root.check_password("x-New-pass-123") is False
