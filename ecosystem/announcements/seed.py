"""The announcements section of the ecosystem data file (brands/data/ecosystem.toml)."""

from typing import Any

from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.dispatch import receiver
from django.utils.dateparse import parse_datetime

from ecosystem.announcements.rendering import render_body
from ecosystem.brands.seed import LoadReport, ecosystem_loaded


def load_announcements(data: dict, report: LoadReport, apps: Apps = current_apps) -> None:
    """Create the file's announcements that do not exist yet.

    Created once and then the editors' to change: applying the file again does
    not overwrite their edits.
    """
    Announcement = apps.get_model("announcements", "Announcement")
    Brand = apps.get_model("brands", "Brand")
    Category = apps.get_model("brands", "ProductCategory")
    for item in data.get("announcement", []):
        body = item["body"].strip()
        announcement, created = Announcement.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "body": body,
                # Historical models in a migration have no save() that renders it.
                "body_html": render_body(body, from_feed=False),
                "state": "published",
                "publish_at": parse_datetime(item["publish_at"]),
                "pinned": item.get("pinned", False),
            },
        )
        if created:
            announcement.brands.add(*Brand.objects.filter(slug__in=item.get("brands", [])))
            announcement.categories.add(
                *Category.objects.filter(slug__in=item.get("categories", []))
            )
        report.count("announcements", created)


@receiver(ecosystem_loaded)
def load_announcements_with_the_file(
    sender: Any, data: dict, report: LoadReport, apps: Apps, **kwargs: Any
) -> None:
    load_announcements(data, report, apps)
