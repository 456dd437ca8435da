import logging
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import Source


class Command(BaseCommand):
    help = "Fetch every Source that is due now, with a progress bar on a terminal."

    def handle(self, *args, **options):
        if options["verbosity"] < 2:
            # The command prints each outcome itself; the pipeline's log would repeat it.
            logging.getLogger("ecosystem.news").setLevel(logging.WARNING)
        source_ids = Source.objects.take_due()
        failed = 0
        bar = tqdm(source_ids, unit="feed", disable=not sys.stderr.isatty())
        for source_id in bar:
            source = Source.objects.filter(pk=source_id).first()
            lease = source and Source.objects.claim(source_id)
            if not lease:
                continue  # gone, or a worker has it
            bar.set_description(source.name[:30])
            try:
                result = ingest(source)
            finally:
                Source.objects.release(source_id, lease)
            if result.ok:
                self.stdout.write(f"{source.name}: {result.report}")
            else:
                failed += 1
                self.stderr.write(f"{source.name}: {result.error}")
        self.stdout.write(f"{len(source_ids)} due, {failed} failed.")
