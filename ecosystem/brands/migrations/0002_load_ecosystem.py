"""Load the bundled ecosystem data file, so every database has it after `migrate`.

The announcements of the file are loaded by announcements/0002_load_announcements.
"""

from django.db import migrations


def load(apps, schema_editor):
    from ecosystem.brands.seed import LoadReport, load_catalogue, read_data

    load_catalogue(read_data(), LoadReport(), apps)


class Migration(migrations.Migration):
    dependencies = [("brands", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
