"""Apply the bundled ecosystem data file (data/ecosystem.toml) to the database.

The file is the single source of truth for the seeded brands, categories, ties
and the first announcement (which the announcements app loads). Applying it is
idempotent: rows are found by their natural keys (slugs, and (brand, type,
target) for ties) and updated, never duplicated, and rows that editors added
are left alone. A data migration runs it with the historical models;
`manage.py load_ecosystem` runs it with the current ones after the file
changes. When a migration adds a field that the file fills, add a data
migration after it that runs the loader again, so a fresh database gets it too.
"""

import datetime
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.dateparse import parse_datetime

DATA_FILE = Path(__file__).resolve().parent / "data" / "ecosystem.toml"

# Sent by load_ecosystem() inside its transaction, after the catalogue, with
# `data` (the whole file), `report` and `apps`: apps that own a section of the
# file (announcements) load it then.
ecosystem_loaded = Signal()

BRAND_KINDS = {"parent", "sub_brand", "platform", "subsidiary", "ecosystem"}
TIE_TYPES = {
    "sub_brand_of",
    "subsidiary_of",
    "invested_in_by",
    "sold_through",
    "former_partner_of",
    "renamed_from",
}
ALIAS_LANGUAGES = {"en", "de", "zh"}


class SeedDataError(Exception):
    """The data file cannot be applied; the message says where and why."""


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.existing
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = [
            "categories",
            "brands",
            "aliases",
            "references",
            "ties",
            "announcements",
            "sources",
        ]
        return ", ".join(
            f"{self.created.get(k, 0) + self.existing.get(k, 0)} {k} ({self.created.get(k, 0)} new)"
            for k in kinds
        )


def read_data(path: Path = DATA_FILE) -> dict:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SeedDataError(f"{path}: {exc}") from None
    _validate(data)
    return data


def parse_partial_date(value: str, where: str) -> tuple[datetime.date | None, str]:
    """ "2019", "2019-01" or "2019-01-10" -> (first day of that period, precision)."""
    if not value:
        return None, "day"
    formats = {4: ("%Y", "year"), 7: ("%Y-%m", "month"), 10: ("%Y-%m-%d", "day")}
    period = formats.get(len(value))
    try:
        if period is None:
            raise ValueError
        fmt, precision = period
        return datetime.datetime.strptime(value, fmt).date(), precision
    except ValueError:
        raise SeedDataError(f"{where}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None


def _validate(data: dict) -> None:
    category_slugs = {c.get("slug") for c in data.get("category", [])}
    brand_slugs = {b.get("slug") for b in data.get("brand", [])}
    for category in data.get("category", []):
        where = f"category {category.get('slug')!r}"
        if not category.get("slug") or not category.get("name"):
            raise SeedDataError(f"{where}: slug and name are required")
        if category.get("parent") and category["parent"] not in category_slugs:
            raise SeedDataError(f"{where}: unknown parent {category['parent']!r}")
    for brand in data.get("brand", []):
        where = f"brand {brand.get('slug')!r}"
        if not brand.get("slug") or not brand.get("name"):
            raise SeedDataError(f"{where}: slug and name are required")
        if "founded" in brand and not isinstance(brand["founded"], int):
            raise SeedDataError(f"{where}: founded must be a year, e.g. founded = 2010")
        if brand.get("kind") not in BRAND_KINDS:
            raise SeedDataError(f"{where}: kind must be one of {sorted(BRAND_KINDS)}")
        for slug in brand.get("categories", []):
            if slug not in category_slugs:
                raise SeedDataError(f"{where}: unknown category {slug!r}")
        for language in brand.get("aliases", {}):
            if language not in ALIAS_LANGUAGES:
                raise SeedDataError(f"{where}: alias language {language!r} is not en, de or zh")
    for tie in data.get("tie", []):
        where = f"tie {tie.get('brand')!r} {tie.get('type')!r} {tie.get('target')!r}"
        if tie.get("type") not in TIE_TYPES:
            raise SeedDataError(f"{where}: type must be one of {sorted(TIE_TYPES)}")
        for end in ("brand", "target"):
            if tie.get(end) not in brand_slugs:
                raise SeedDataError(f"{where}: unknown brand {tie.get(end)!r}")
        if tie["brand"] == tie["target"]:
            raise SeedDataError(f"{where}: a brand cannot be tied to itself")
        parse_partial_date(tie.get("since", ""), where)
        parse_partial_date(tie.get("until", ""), where)
    for announcement in data.get("announcement", []):
        where = f"announcement {announcement.get('slug')!r}"
        if parse_datetime(announcement.get("publish_at", "")) is None:
            raise SeedDataError(f"{where}: publish_at must be an ISO date-time with a time zone")
        for slug in announcement.get("brands", []):
            if slug not in brand_slugs:
                raise SeedDataError(f"{where}: unknown brand {slug!r}")
        for slug in announcement.get("categories", []):
            if slug not in category_slugs:
                raise SeedDataError(f"{where}: unknown category {slug!r}")


def known_fields(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Keep only the values the model has a field for.

    The data migration runs this code with historical models, which may lack
    fields that later migrations add; those are filled by `load_ecosystem`.
    """
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


def _aliases(brand_data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(language, text, the alias's other fields) for each alias of a brand."""
    for language, entries in brand_data.get("aliases", {}).items():
        for entry in entries:
            if isinstance(entry, str):
                yield language, entry, {"case_sensitive": False}
            else:
                yield (
                    language,
                    entry["text"],
                    {
                        "case_sensitive": bool(entry.get("case_sensitive", False)),
                        "evidence": entry.get("evidence", ""),
                    },
                )


def load_ecosystem(apps: Apps = current_apps, path: Path = DATA_FILE) -> LoadReport:
    """Apply the whole file; other apps load their sections on `ecosystem_loaded`."""
    data = read_data(path)
    report = LoadReport()
    with transaction.atomic():
        load_catalogue(data, report, apps)
        ecosystem_loaded.send(sender=LoadReport, data=data, report=report, apps=apps)
    return report


def load_catalogue(
    data: dict[str, Any], report: LoadReport, apps: Apps = current_apps
) -> dict[str, Any]:
    """Categories, brands with their aliases and references, and ties: {slug: brand}."""
    Category = apps.get_model("brands", "ProductCategory")
    Brand = apps.get_model("brands", "Brand")
    Alias = apps.get_model("brands", "Alias")
    ExclusionPhrase = apps.get_model("brands", "ExclusionPhrase")
    try:
        ContextWord = apps.get_model("brands", "ContextWord")
    except LookupError:
        ContextWord = None
    ReferenceLink = apps.get_model("brands", "ReferenceLink")
    Tie = apps.get_model("brands", "Tie")

    categories = {}
    for item in data.get("category", []):
        categories[item["slug"]], created = Category.objects.update_or_create(
            slug=item["slug"],
            defaults=known_fields(
                Category,
                {
                    "name": item["name"],
                    "name_de": item.get("name_de", ""),
                    "name_zh_hans": item.get("name_zh_hans", ""),
                    "keywords": "\n".join(item.get("keywords", [])),
                },
            ),
        )
        report.count("categories", created)
    for item in data.get("category", []):
        if item.get("parent"):
            category = categories[item["slug"]]
            category.parent = categories[item["parent"]]
            category.save(update_fields=["parent"])

    brands = {}
    for item in data.get("brand", []):
        facts = {
            "name": item["name"],
            "native_name": item.get("native_name", ""),
            "kind": item["kind"],
            "founded": item.get("founded"),
            "headquarters": item.get("headquarters", ""),
            "website": item.get("website", ""),
            "ticker": item.get("ticker", ""),
            "description": item.get("description", "").strip(),
            "description_de": item.get("description_de", "").strip(),
            "description_zh_hans": item.get("description_zh_hans", "").strip(),
        }
        brand, created = Brand.objects.update_or_create(
            slug=item["slug"], defaults=known_fields(Brand, facts)
        )
        brands[item["slug"]] = brand
        report.count("brands", created)
        # Adding, never removing: categories an editor added stay.
        brand.categories.add(*(categories[slug] for slug in item.get("categories", [])))
        for language, text, fields in _aliases(item):
            _, created = Alias.objects.update_or_create(
                brand=brand, language=language, text=text, defaults=known_fields(Alias, fields)
            )
            report.count("aliases", created)
        for text in item.get("exclusions", []):
            ExclusionPhrase.objects.get_or_create(brand=brand, text=text)
        # Historical models before brands/0004 have no context words; it loads them.
        if ContextWord is not None:
            for text in item.get("context", []):
                ContextWord.objects.get_or_create(brand=brand, text=text)
        for reference in item.get("references", []):
            _, created = ReferenceLink.objects.update_or_create(
                brand=brand, url=reference["url"], defaults={"title": reference["title"]}
            )
            report.count("references", created)

    for item in data.get("tie", []):
        where = f"tie {item['brand']} {item['type']} {item['target']}"
        since, since_precision = parse_partial_date(item.get("since", ""), where)
        until, until_precision = parse_partial_date(item.get("until", ""), where)
        _, created = Tie.objects.update_or_create(
            brand=brands[item["brand"]],
            type=item["type"],
            target=brands[item["target"]],
            defaults=known_fields(
                Tie,
                {
                    "since": since,
                    "since_precision": since_precision,
                    "until": until,
                    "until_precision": until_precision,
                    "reference": item.get("reference", ""),
                    "note": item.get("note", ""),
                    "note_de": item.get("note_de", ""),
                    "note_zh_hans": item.get("note_zh_hans", ""),
                },
            ),
        )
        report.count("ties", created)
    return brands
