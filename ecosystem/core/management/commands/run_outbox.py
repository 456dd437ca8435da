import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ecosystem.core import outbox

PAUSE_SECONDS = 5


class Command(BaseCommand):
    help = (
        "Run the outbox's due background jobs here, without Celery: once with --once, "
        "else every few seconds until interrupted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is due now, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            outcomes = outbox.process_due()
            if options["once"] or outcomes:
                summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
                self.stdout.write(summary or "nothing due")
            if options["once"]:
                return
            time.sleep(PAUSE_SECONDS)
