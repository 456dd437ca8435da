"""The announcements section of the ecosystem data file (brands/data/ecosystem.toml)."""

from typing import Any

from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.dispatch import receiver
from django.utils.dateparse import parse_datetime

from ecosystem.announcements.rendering import render_body
from ecosystem.brands.seed import LoadReport, ecosystem_loaded, known_fields


def load_announcements(data: dict, report: LoadReport, apps: Apps = current_apps) -> None:
    """Create the file's announcements that do not exist yet.

    Created once and then the editors' to change: applying the file again does
    not overwrite their edits.
    """
    Announcement = apps.get_model("announcements", "Announcement")
    Brand = apps.get_model("brands", "Brand")
    Category = apps.get_model("brands", "ProductCategory")
    for item in data.get("announcement", []):
        texts = {"title": item["title"]}
        for suffix in ("", "_de", "_zh_hans"):
            body = item.get(f"body{suffix}", "").strip()
            texts |= {
                f"body{suffix}": body,
                f"body_html{suffix}": render_body(body, from_feed=False),
            }
            if suffix:
                texts[f"title{suffix}"] = item.get(f"title{suffix}", "")
        announcement, created = Announcement.objects.get_or_create(
            slug=item["slug"],
            defaults={
                # Historical models in a migration have no save() that renders the HTML.
                **known_fields(Announcement, texts),
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


def add_missing_translations(data: dict, apps: Apps = current_apps) -> int:
    """Fill the German and Chinese of the file's announcements where they are
    still empty (announcements stored before they had translations); what an
    editor wrote is left alone. Returns how many were filled."""
    Announcement = apps.get_model("announcements", "Announcement")
    filled = 0
    for item in data.get("announcement", []):
        announcement = Announcement.objects.filter(slug=item["slug"]).first()
        if announcement is None:
            continue
        changed = []
        for suffix in ("_de", "_zh_hans"):
            if not getattr(announcement, f"title{suffix}") and item.get(f"title{suffix}"):
                body = item.get(f"body{suffix}", "").strip()
                setattr(announcement, f"title{suffix}", item[f"title{suffix}"])
                setattr(announcement, f"body{suffix}", body)
                setattr(announcement, f"body_html{suffix}", render_body(body, from_feed=False))
                changed += [f"title{suffix}", f"body{suffix}", f"body_html{suffix}"]
        if changed:
            announcement.save(update_fields=changed)
            filled += 1
    return filled


@receiver(ecosystem_loaded)
def load_announcements_with_the_file(
    sender: Any, data: dict, report: LoadReport, apps: Apps, **kwargs: Any
) -> None:
    load_announcements(data, report, apps)
    add_missing_translations(data, apps)
