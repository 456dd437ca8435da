"""The German and Chinese of the announcements the data file brought, for
databases that stored them before announcements had translations."""

from django.db import migrations


def fill(apps, schema_editor):
    from ecosystem.announcements.seed import add_missing_translations
    from ecosystem.brands.seed import read_data

    add_missing_translations(read_data(), apps)


class Migration(migrations.Migration):
    dependencies = [("announcements", "0004_translations")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
