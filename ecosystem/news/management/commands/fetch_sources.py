import logging
import sys
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from ecosystem.news.ingestion.pipeline import SourceBusy, ingest_claimed
from ecosystem.news.models import Source


class Command(BaseCommand):
    help = "Fetch every Source that is due now, with a progress bar on a terminal."

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verbosity"] < 2:
            # The command prints each outcome itself; the pipeline's log would repeat it.
            logging.getLogger("ecosystem.news").setLevel(logging.WARNING)
        source_ids = Source.objects.take_due()
        failed = 0
        bar = tqdm(source_ids, unit="feed", disable=not sys.stderr.isatty())
        names = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "name"))
        for source_id in bar:
            name = names.get(source_id, "")
            bar.set_description(name[:30])
            try:
                result = ingest_claimed(source_id)
            except (Source.DoesNotExist, SourceBusy):
                continue  # gone, or a worker has it
            assert result is not None  # None only when asked to skip a fetched source
            if result.ok:
                self.stdout.write(f"{name}: {result.report}")
            else:
                failed += 1
                self.stderr.write(f"{name}: {result.error}")
        self.stdout.write(f"{len(source_ids)} due, {failed} failed.")
