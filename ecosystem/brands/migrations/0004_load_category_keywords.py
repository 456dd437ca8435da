"""Apply the data file again now that categories have keywords."""

from django.db import migrations


def load(apps, schema_editor):
    from ecosystem.brands.seed import load_ecosystem

    load_ecosystem(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0003_productcategory_keywords"),
        ("announcements", "0002_announcement_news_item"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
