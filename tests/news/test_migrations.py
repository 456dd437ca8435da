"""Data migrations of the news app, run on rows as an older version left them."""

from importlib import import_module

import pytest
from django.apps import apps

from ecosystem.news.models import NewsItem
from tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db

item_language = import_module("ecosystem.news.migrations.0007_item_language")


def test_stored_items_take_the_language_of_their_own_text():
    # As stored before: every item labelled with its source's language.
    chinese = NewsItemFactory(title="小米发布新款扫地机器人", source__language="de", language="de")
    german = NewsItemFactory(
        title="Roborock stellt neuen Saugroboter vor", source__language="de", language="de"
    )
    short = NewsItemFactory(title="Redmi K80 Pro", source__language="de", language="de")
    told_by_summary = NewsItemFactory(
        title="Redmi K80 Pro",
        summary="<p>The new phone comes with a bigger battery and costs less than expected.</p>",
        source__language="de",
        language="de",
    )

    item_language.detect_languages(apps, None)

    languages = dict(NewsItem.objects.values_list("pk", "language"))
    assert languages == {
        chinese.pk: "zh",
        german.pk: "de",
        short.pk: "de",
        told_by_summary.pk: "en",
    }
