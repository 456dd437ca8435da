"""Who may do what in the admin: the groups "Editors" and "Administrators"."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import BrandFactory, SourceFactory, UserFactory, administrator, editor

pytestmark = pytest.mark.django_db


def permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_both_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Administrators"}


def test_editors_write_announcements_and_curate_news_but_only_look_at_sources_and_brands():
    granted = permissions("Editors")
    assert {
        "announcements.add_announcement",
        "announcements.change_announcement",
        "announcements.delete_announcement",
        "announcements.view_announcement",
        "announcements.view_historicalannouncement",
        "news.change_newsitem",
        "news.add_mention",
        "news.delete_mention",
        "news.add_detachment",
        "news.delete_detachment",
        "news.view_source",
        "brands.view_brand",
    } <= granted
    assert not {p for p in granted if p.startswith(("auth.", "axes."))}
    assert not {
        p
        for p in granted
        if p.split(".")[0] in {"brands"} and not p.split(".")[1].startswith("view_")
    }
    assert "news.change_source" not in granted and "news.add_source" not in granted
    # The history is a record: nobody edits it through a role.
    assert "announcements.change_historicalannouncement" not in granted


def test_administrators_also_manage_sources_brands_users_and_groups():
    granted = permissions("Administrators")
    assert permissions("Editors") <= granted
    for model in ("news.source", "brands.brand", "brands.productcategory", "brands.alias",
                  "brands.exclusionphrase", "brands.tie", "auth.user", "auth.group"):  # fmt: skip
        app, name = model.split(".")
        assert {
            f"{app}.{action}_{name}" for action in ("add", "change", "delete", "view")
        } <= granted
    assert "axes.delete_accessattempt" in granted


def test_an_editor_gets_403_on_the_user_admin(client):
    client.force_login(editor())
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_an_administrator_manages_users(client):
    client.force_login(administrator())
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/auth/user/add/").status_code == 200


def test_an_editor_looks_at_brands_and_sources_without_changing_them(client):
    client.force_login(editor())
    brand, source = BrandFactory(name="Looked At"), SourceFactory()
    page = client.get(reverse("admin:brands_brand_change", args=[brand.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(
        reverse("admin:brands_brand_change", args=[brand.pk]),
        {"name": "Changed", "slug": brand.slug, "kind": brand.kind},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:brands_brand_add")).status_code == 403
    assert client.get(reverse("admin:news_source_change", args=[source.pk])).status_code == 200
    assert client.get(reverse("admin:brands_tie_add")).status_code == 403


def test_the_admin_index_shows_each_role_its_own_models(client):
    client.force_login(editor())
    models = {
        m["object_name"] for app in client.get("/admin/").context["app_list"] for m in app["models"]
    }
    assert {"Announcement", "NewsItem", "Source", "Brand"} <= models and "User" not in models
    client.force_login(administrator())
    models = {
        m["object_name"] for app in client.get("/admin/").context["app_list"] for m in app["models"]
    }
    assert {"User", "Group", "Tie", "ProductCategory"} <= models


def test_a_staff_user_without_a_role_sees_nothing(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 200 and response.context["app_list"] == []
    assert client.get(reverse("admin:announcements_announcement_changelist")).status_code == 403


def test_without_the_staff_flag_nobody_reaches_the_admin(client):
    client.force_login(editor(is_staff=False))
    response = client.get("/admin/announcements/announcement/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
