"""The story index without the items of no story (most of them): a stored item no
longer pays for an index entry that no query reads. Built before the full index goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0004_context_words_stories"),
        ("news", "0010_page_sources"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="newsitem",
            index=models.Index(
                condition=models.Q(("story__isnull", False)),
                fields=["story"],
                name="newsitem_story_idx",
            ),
        ),
        migrations.AlterField(
            model_name="newsitem",
            name="story",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The first item, from another source, that reported the same story.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="coverage",
                to="news.newsitem",
                verbose_name="story",
            ),
        ),
    ]
