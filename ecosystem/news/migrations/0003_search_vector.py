"""Full-text search on a stored column, each item in its own language (PostgreSQL).

search_vector is computed by PostgreSQL itself from the title, the summary and
their Chinese words (title_words, summary_words, filled in Python), whenever a
row is written, by the ORM or by COPY: no write path can forget it, and nothing
is computed per row when searching. Titles weigh more (A) than summaries (B).
"""

from django.db import migrations

from ecosystem.news.search import segment

# The item's language picks the stemming; other languages are indexed as written.
CONFIG = (
    "CASE WHEN language LIKE 'de%%' THEN 'german'::regconfig "
    "WHEN language LIKE 'en%%' THEN 'english'::regconfig "
    "ELSE 'simple'::regconfig END"
)
# Two to_tsvector calls per row, not four: the Chinese words go through the
# item's configuration with its text, which leaves them as they are (the
# English and German parsers and stemmers pass Chinese through unchanged).
VECTOR = (
    f"setweight(to_tsvector({CONFIG}, coalesce(title, '') || ' ' || title_words), 'A') || "
    f"setweight(to_tsvector({CONFIG}, coalesce(summary, '') || ' ' || summary_words), 'B')"
)


def fill_words(apps, schema_editor):
    NewsItem = apps.get_model("news", "NewsItem")
    changed = []
    for item in NewsItem.objects.only("title", "summary").iterator(chunk_size=2000):
        item.title_words = segment(item.title)
        item.summary_words = segment(item.summary, html=True)
        if item.title_words or item.summary_words:
            changed.append(item)
    NewsItem.objects.bulk_update(changed, ["title_words", "summary_words"], batch_size=1000)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE news_newsitem ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    # Serves NewsItemQuerySet.search(): news_newsitem.search_vector @@ <query>.
    schema_editor.execute(
        "CREATE INDEX newsitem_search_vector_idx ON news_newsitem USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE news_newsitem DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("news", "0002_search_words")]

    operations = [
        migrations.RunPython(fill_words, migrations.RunPython.noop),
        migrations.RunPython(create, drop),
    ]
