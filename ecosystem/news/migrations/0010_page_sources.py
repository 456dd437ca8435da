"""Page sources (newsrooms without a feed), and the page a feed was found on."""

from django.db import migrations, models

import ecosystem.news.models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_article_bodies"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="kind",
            field=models.CharField(
                choices=[("feed", "feed"), ("page", "web page listing articles")],
                default="feed",
                help_text=(
                    "A web page is read for links to articles; each new one becomes an item, "
                    "with the title and date the article's own page gives."
                ),
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="link_selector",
            field=models.CharField(
                blank=True,
                help_text=(
                    'For a web page: a CSS selector for its links to articles, e.g. "main h3 a" '
                    'or ".news-card". Left empty, the links of the main content are taken, '
                    "without navigation, headers, footers and sidebars."
                ),
                max_length=500,
                validators=[ecosystem.news.models.validate_link_selector],
                verbose_name="article links",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="page_url",
            field=models.URLField(
                blank=True,
                help_text="The web page that named this feed, when the feed was found on one.",
                max_length=2000,
                verbose_name="found on page",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="url",
            field=models.URLField(
                help_text=(
                    "A feed, or a web page: the first fetch follows the feed the page names, "
                    "or reads the page for links to articles when it names none."
                ),
                max_length=2000,
                unique=True,
                verbose_name="URL",
            ),
        ),
    ]
