"""The follows app's background work.

Instant alerts run as an outbox job (ecosystem/core/outbox.py) written in the
feed store's transaction, so news stored while the broker is down is still
told once it is back. Mails are their own outbox: a Mail row is written with
the decision to send it, and delivery.py's sweep sends whatever is due, so the
Celery message that speeds up a confirmation mail may be lost without harm.
"""

from typing import Any

from django.dispatch import receiver

from ecosystem.core import outbox
from ecosystem.follows import alerts, delivery
from ecosystem.news.ingestion.store import items_stored

INSTANT = "follows.instant"


@receiver(items_stored)
def alert_instant_followers(sender: Any, items: list[Any], **kwargs: Any) -> None:
    if items:
        # Coalesced: however many feeds are stored before the job starts, one run
        # tells every instant follow of all of them.
        outbox.enqueue(INSTANT, key="new-items")


# Not atomic: each mail is prepared in a transaction of its own and sent after
# it commits. Running it twice tells nothing twice (alerts.py, delivery.py).
@outbox.job(INSTANT, atomic=False)
def send_instant_alerts() -> None:
    alerts.queue_instant()
    delivery.deliver_due()
