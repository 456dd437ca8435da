"""The two roles of the admin: the groups "Editors" and "Administrators".

Editors write announcements and curate the news (which brands an item names,
whether it is shown); they may look at sources and brands but not change them.
Administrators may also change sources, brands, categories, aliases, ties,
users and groups, and clear sign-in lockouts. A user reaches the admin only
with the staff flag and gets what their groups grant.

Each app grants the roles what they may do with its own models, from its
ready() (see its roles.py); core knows the roles and Django's own models only.
The groups' permissions are set after every migrate, so a model added later
is granted without a data migration.
"""

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps

EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
ROLES = (EDITORS, ADMINISTRATORS)

ALL = ("add", "change", "delete", "view")

Grants = dict[str, dict[str, tuple[str, ...]]]  # {app label: {model name: actions}}

_grants: dict[str, Grants] = {
    EDITORS: {},
    ADMINISTRATORS: {
        "auth": {"user": ALL, "group": ALL},
        # The outbox of background jobs: looked at, and failed jobs retried (a change).
        "core": {"job": ("view", "change")},
        # Locked-out sign-ins can be looked at and cleared (deleting the attempt unlocks).
        "axes": {
            "accessattempt": ("view", "delete"),
            "accesslog": ("view",),
            "accessfailurelog": ("view",),
        },
    },
}


def grant(role: str, app_label: str, models: dict[str, tuple[str, ...]]) -> None:
    """Let `role` do `actions` on each of `app_label`'s `models`."""
    _grants[role].setdefault(app_label, {}).update(models)


def sync(apps: Apps = global_apps) -> None:
    """Create the groups if needed and give each exactly the permissions it is granted."""
    from django.contrib.auth.management import create_permissions

    # Permissions are created per app after its migrations; create them all now
    # so that the groups can be given them on a fresh database too.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(apps, _grants[role]))


def sync_after_migrate(sender: AppConfig, apps: Apps = global_apps, **kwargs: Any) -> None:
    sync(apps)


def _permissions(apps: Apps, grants: Grants) -> list[Any]:
    Permission = apps.get_model("auth", "Permission")
    wanted = {
        (app_label, f"{action}_{model}")
        for app_label, models in grants.items()
        for model, actions in models.items()
        for action in actions
    }
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    missing = sorted(wanted - found.keys())
    if missing:
        raise RuntimeError(f"permissions missing for the admin roles: {missing}")
    return [found[key] for key in sorted(wanted)]
