"""Announcements scheduled before publishing moved to the outbox get their job now."""

from django.db import migrations
from django.utils import timezone


def write_jobs(apps, schema_editor):
    Announcement = apps.get_model("announcements", "Announcement")
    Job = apps.get_model("core", "Job")
    now = timezone.now()
    Job.objects.bulk_create(
        Job(
            kind="announcements.publish",
            key=str(pk),
            arguments={"announcement_id": pk},
            due_at=max(publish_at, now),
        )
        for pk, publish_at in Announcement.objects.filter(state="scheduled").values_list(
            "pk", "publish_at"
        )
    )


def remove_jobs(apps, schema_editor):
    apps.get_model("core", "Job").objects.filter(kind="announcements.publish").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("announcements", "0005_seeded_translations"),
        ("core", "0002_jobs_outbox"),
    ]

    operations = [migrations.RunPython(write_jobs, remove_jobs)]
