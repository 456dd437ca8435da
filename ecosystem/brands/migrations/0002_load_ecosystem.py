"""Load the bundled ecosystem data file, so every database has it after `migrate`."""

from django.db import migrations


def load(apps, schema_editor):
    from ecosystem.brands.seed import load_ecosystem

    load_ecosystem(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0001_initial"),
        ("announcements", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
