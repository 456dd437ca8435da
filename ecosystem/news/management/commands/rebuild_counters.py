"""manage.py rebuild_counters: count the news afresh into the counters the pages read."""

from typing import Any

from django.core.management.base import BaseCommand

from ecosystem.news import counters
from ecosystem.news.models import DailyMentions, NewsCount


class Command(BaseCommand):
    help = (
        "Count the visible news by brand and day, by brand, by category and in all "
        "afresh (every write keeps these counts; this repairs them after a bulk "
        "write that went around the application)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counters.rebuild()
        self.stdout.write(
            f"{counters.items_in_all()} visible items; "
            f"{DailyMentions.objects.count()} brand-days, {NewsCount.objects.count()} totals"
        )
