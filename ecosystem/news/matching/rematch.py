"""Match stored news against the brands again, after aliases or exclusions changed."""

from django.db import transaction

from ecosystem.core import page_cache
from ecosystem.news.ingestion.clean import plain_text
from ecosystem.news.matching.attach import attach
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import NewsItem

CHUNK = 1000


def rematch_all() -> int:
    """Replace the automatic mentions and categories of every item; returns the item count.

    Works through the items in chunks, each in its own transaction, so a large
    archive never holds one long lock. Mentions attached by editors stay.
    """
    matcher, categoriser = Matcher.from_database(), Categoriser.from_database()
    done, last_pk = 0, 0
    while True:
        chunk = list(
            NewsItem.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "title", "summary", "body", "published_at", "hidden")[:CHUNK]
        )
        if not chunk:
            return done
        with transaction.atomic():
            summaries = [plain_text(item.summary) for item in chunk]
            bodies = [item.body for item in chunk]
            attach(chunk, summaries, matcher, categoriser, replace=True, contents=bodies)
            page_cache.catalogue_changed()  # any brand's page may have gained or lost items
        done += len(chunk)
        last_pk = chunk[-1].pk
