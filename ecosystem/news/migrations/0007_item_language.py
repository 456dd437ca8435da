"""Each stored item's language read from its own text, as the pipeline now does for new
ones: until now every item took its source's (the Chinese items of a German feed were
labelled German, and stemmed as German by the search column).

Only items whose language changes are written; the search column follows by itself.
"""

from django.db import migrations

CHUNK = 2000


def detect_languages(apps, schema_editor):
    from ecosystem.news.ingestion.clean import plain_text
    from ecosystem.news.language import item_language

    NewsItem = apps.get_model("news", "NewsItem")
    items = NewsItem.objects.order_by("pk").values_list(
        "pk", "title", "summary", "language", "source__language"
    )
    changed = []
    for pk, title, summary, language, source_language in items.iterator(chunk_size=CHUNK):
        detected = item_language(title, plain_text(summary), source_language)[:10]
        if detected != language:
            changed.append(NewsItem(pk=pk, language=detected))
        if len(changed) >= CHUNK:
            NewsItem.objects.bulk_update(changed, ["language"])
            changed = []
    NewsItem.objects.bulk_update(changed, ["language"])


class Migration(migrations.Migration):
    dependencies = [("news", "0006_counters")]

    operations = [migrations.RunPython(detect_languages, migrations.RunPython.noop)]
