"""Load the announcements of the ecosystem data file, and start their history.

Each gets a first historical record, so the first edit an editor makes shows as
a change.
"""

from django.db import migrations
from django.utils import timezone

HISTORY_FIELDS = [
    "id",
    "slug",
    "title",
    "body",
    "state",
    "publish_at",
    "pinned",
    "created_at",
    "updated_at",
    "author_id",
    "news_item_id",
]


def load(apps, schema_editor):
    from ecosystem.announcements.seed import load_announcements
    from ecosystem.brands.seed import LoadReport, read_data

    load_announcements(read_data(), LoadReport(), apps)
    Announcement = apps.get_model("announcements", "Announcement")
    Historical = apps.get_model("announcements", "HistoricalAnnouncement")
    HistoricalBrand = apps.get_model("announcements", "HistoricalAnnouncement_brands")
    HistoricalCategory = apps.get_model("announcements", "HistoricalAnnouncement_categories")
    now = timezone.now()
    for announcement in Announcement.objects.iterator():
        if Historical.objects.filter(id=announcement.id).exists():
            continue
        record = Historical.objects.create(
            **{name: getattr(announcement, name) for name in HISTORY_FIELDS},
            history_date=now,
            history_type="+",
            history_change_reason="history starts",
        )
        HistoricalBrand.objects.bulk_create(
            HistoricalBrand(
                history=record,
                id=row.id,
                announcement_id=row.announcement_id,
                brand_id=row.brand_id,
            )
            for row in Announcement.brands.through.objects.filter(announcement=announcement)
        )
        HistoricalCategory.objects.bulk_create(
            HistoricalCategory(
                history=record,
                id=row.id,
                announcement_id=row.announcement_id,
                productcategory_id=row.productcategory_id,
            )
            for row in Announcement.categories.through.objects.filter(announcement=announcement)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("announcements", "0001_initial"),
        ("brands", "0002_load_ecosystem"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
