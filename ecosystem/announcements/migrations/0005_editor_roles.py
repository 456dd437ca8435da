"""The two roles of the admin: the groups "Editors" and "Administrators".

Editors write announcements and curate the news (which brands an item names,
whether it is shown); they may look at sources and brands but not change them.
Administrators may also change sources, brands, categories, aliases, ties,
users and groups, and clear sign-in lockouts. A user reaches the admin only
with the staff flag and gets what their groups grant.

Permissions are normally created after all migrations ran; they are created
here first so that the groups can be given them on a fresh database.
"""

from django.db import migrations

ALL = ("add", "change", "delete", "view")

EDITORS = {
    "announcements": {
        "announcement": ALL,
        # The history is the record of who changed what: editors read it, nobody edits it.
        "historicalannouncement": ("view",),
        "historicalannouncement_brands": ("view",),
        "historicalannouncement_categories": ("view",),
    },
    "news": {
        # Hide and unhide, and the brands an item names (its mentions and detachments).
        "newsitem": ("change", "view"),
        "mention": ALL,
        "detachment": ALL,
        "source": ("view",),
    },
    "brands": {
        "brand": ("view",),
        "productcategory": ("view",),
        "alias": ("view",),
        "exclusionphrase": ("view",),
        "referencelink": ("view",),
        "tie": ("view",),
    },
}

ADMINISTRATORS = {
    **EDITORS,
    "news": {**EDITORS["news"], "newsitem": ALL, "source": ALL},
    "brands": dict.fromkeys(EDITORS["brands"], ALL),
    "auth": {"user": ALL, "group": ALL},
    # Locked-out sign-ins can be looked at and cleared (deleting the attempt unlocks).
    "axes": {
        "accessattempt": ("view", "delete"),
        "accesslog": ("view",),
        "accessfailurelog": ("view",),
    },
}

ROLES = {"Editors": EDITORS, "Administrators": ADMINISTRATORS}


def _permissions(apps, grants):
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


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(apps, grants))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("announcements", "0004_render_body_html"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0008_accessfailurelog"),
        ("brands", "0004_load_category_keywords"),
        ("news", "0004_editor_curation"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
