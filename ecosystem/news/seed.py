"""The sources section of the ecosystem data file (brands/data/ecosystem.toml): the
brands' own newsrooms.

Each is created once, inactive (`make run` runs offline; an administrator
enables them), and is then the administrators' to change: applying the file
again leaves an existing source as it is. Only `manage.py load_ecosystem` (which
`make run` and the compose set-up run after migrating) adds them, not the data
migration: a database migrated for tests has no sources but its own.
"""

from typing import Any

from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.dispatch import receiver

from ecosystem.brands.seed import LoadReport, SeedDataError, ecosystem_loaded

KINDS = {"feed", "page"}


def validate_sources(data: dict) -> None:
    brand_slugs = {brand.get("slug") for brand in data.get("brand", [])}
    for source in data.get("source", []):
        where = f"source {source.get('url')!r}"
        if not source.get("url") or not source.get("name"):
            raise SeedDataError(f"{where}: url and name are required")
        if source.get("kind", "feed") not in KINDS:
            raise SeedDataError(f"{where}: kind must be one of {sorted(KINDS)}")
        if source.get("official_for") and source["official_for"] not in brand_slugs:
            raise SeedDataError(f"{where}: unknown brand {source['official_for']!r}")


def load_sources(data: dict, report: LoadReport, apps: Apps = current_apps) -> None:
    """Create the file's sources whose URL no source has yet (nor found its feed on)."""
    if apps is not current_apps:
        return  # the data migration of brands
    validate_sources(data)
    Source = apps.get_model("news", "Source")
    Brand = apps.get_model("brands", "Brand")
    for item in data.get("source", []):
        url = item["url"]
        if Source.objects.filter(url=url).exists() or Source.objects.filter(page_url=url).exists():
            report.count("sources", False)
            continue
        official = Brand.objects.filter(slug=item.get("official_for", "")).first()
        values = {
            "name": item["name"],
            "url": url,
            "kind": item.get("kind", "feed"),
            "page_url": item.get("page_url", ""),
            "language": item.get("language", ""),
            "active": False,
            "official_for": official,
        }
        Source.objects.create(**values)
        report.count("sources", True)


@receiver(ecosystem_loaded)
def load_sources_with_the_file(
    sender: Any, data: dict, report: LoadReport, apps: Apps, **kwargs: Any
) -> None:
    load_sources(data, report, apps)
