"""A GIN index for full-text search of titles and summaries, on PostgreSQL only."""

from django.db import migrations

INDEX = "newsitem_search_idx"
# Must stay the expression NewsItemQuerySet.search() uses (models.SEARCH_DOCUMENT);
# tests/news/test_models.py checks that the planner picks this index.
DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, ''))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON news_newsitem USING gin (({DOCUMENT}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
