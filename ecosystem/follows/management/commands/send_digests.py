from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ecosystem.follows import alerts, delivery
from ecosystem.follows.models import Follow


class Command(BaseCommand):
    help = (
        "Send the follow mails of one frequency that are due now, synchronously: "
        "instant alerts, or the daily or weekly digests of the current period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", required=True, choices=Follow.Frequency.values)

    def handle(self, *args: Any, frequency: str, **options: Any) -> None:
        if frequency == Follow.Frequency.INSTANT:
            alerts.queue_instant()
        else:
            alerts.queue_digests(frequency)
        sent, addresses = delivery.deliver_due()
        self.stdout.write(f"{sent} mail(s) sent to {addresses} address(es).")
