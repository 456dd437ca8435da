"""`manage.py generate_demo_news --items N [--seed S] [--end YYYY-MM-DD] [--force]`

Synthetic news for benchmarks and demos: N items with titles in English, German
and Chinese built from templates (brand names, model names, category words),
spread over the brands in the database with a realistic skew (Xiaomi far ahead,
the small ecosystem companies far behind), over a few synthetic sources and over
the two years before --end (default: today, 00:00 UTC). Brands and categories
are found by the real Matcher and Categoriser, so every item carries the
mentions and category links the ingestion pipeline would give it; about one
item in twelve repeats another source's story and points to it.

The output is a function of the seed, the end date and the brands, aliases and
categories in the database: the same seed gives the same titles, dates and
brand assignments. Each run replaces what an earlier run generated.

It writes only to a database whose sources are all its own (URLs under
https://demo-news.invalid/); --force lets it add its sources and items beside
real ones. PostgreSQL: COPY in one transaction, then VACUUM ANALYZE. Elsewhere:
bulk_create. The work is done by ecosystem.news.demo; this parses the arguments
and guards the database.
"""

import datetime
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from ecosystem.core import page_cache
from ecosystem.news import counters
from ecosystem.news.demo import planner, writers
from ecosystem.news.demo.vocabulary import DEMO_URL_PREFIX
from ecosystem.news.models import Source


class Command(BaseCommand):
    help = (
        "Write N synthetic news items (English, German, Chinese) with their mentions and "
        "categories, spread over the brands and the last two years; deterministic per seed. "
        "Replaces the items of an earlier run. Refuses a database with other sources unless "
        "--force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=int, required=True, help="How many items to write.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--end",
            type=datetime.date.fromisoformat,
            default=None,
            help="Items fall in the two years before this day, 00:00 UTC (default: today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds sources this command did not create.",
        )

    def handle(
        self,
        *args: Any,
        items: int,
        seed: int,
        end: datetime.date | None,
        force: bool,
        **options: Any,
    ) -> None:
        if items < 0:
            raise CommandError("--items must be 0 or more.")
        foreign = Source.objects.exclude(url__startswith=DEMO_URL_PREFIX)
        if not force and foreign.exists():
            example = foreign.order_by("pk").first()
            assert example is not None  # foreign.exists()
            raise CommandError(
                f"this database holds {foreign.count()} source(s) that generate_demo_news did "
                f"not create (e.g. {example.url}); it writes synthetic news meant for a scratch "
                "database. Use an empty database, or pass --force to add demo news anyway."
            )
        end = end or timezone.now().date()
        end_moment = datetime.datetime.combine(end, datetime.time(), datetime.UTC)
        started = time.monotonic()
        bar = tqdm(total=items, unit="item", unit_scale=True, disable=not sys.stderr.isatty())
        with bar, transaction.atomic():
            sources = writers.demo_sources()
            removed = writers.delete_demo_items(sources)
            try:
                plan = planner.plan(sources)
            except planner.NoBrands as exc:
                raise CommandError(str(exc)) from None
            counts = writers.write(plan, seed, items, end_moment, bar)
            if connection.vendor == "postgresql":
                writers.analyse()  # statistics first, so counting everything is planned well
            # Rows written in bulk pass no counter and send no signal.
            counters.rebuild()
            page_cache.catalogue_changed()
        if connection.vendor == "postgresql":
            # After the transaction, so VACUUM can run and set the visibility map too.
            writers.analyse()
        seconds = time.monotonic() - started
        replaced = f", replacing {removed:,} earlier ones" if removed else ""
        self.stdout.write(
            f"{items:,} demo news items ({counts[0]:,} mentions, {counts[1]:,} category links)"
            f"{replaced} in {seconds:.1f} s."
        )
