"""Fill body_html of the announcements that exist already, and start their history.

Announcements written before body_html existed (the seeded one, feed-made ones)
get their body rendered and sanitised as save() does now. Each also gets a first
historical record, so the first edit an editor makes shows as a change.
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


def render_and_start_history(apps, schema_editor):
    from ecosystem.announcements.rendering import render_body

    Announcement = apps.get_model("announcements", "Announcement")
    Historical = apps.get_model("announcements", "HistoricalAnnouncement")
    HistoricalBrand = apps.get_model("announcements", "HistoricalAnnouncement_brands")
    HistoricalCategory = apps.get_model("announcements", "HistoricalAnnouncement_categories")
    now = timezone.now()
    for announcement in Announcement.objects.iterator():
        announcement.body_html = render_body(
            announcement.body, from_feed=announcement.news_item_id is not None
        )
        announcement.save(update_fields=["body_html"])
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
        ("announcements", "0003_body_html_history"),
        # After the ecosystem data loaded the first announcement.
        ("brands", "0004_load_category_keywords"),
    ]

    operations = [migrations.RunPython(render_and_start_history, migrations.RunPython.noop)]
