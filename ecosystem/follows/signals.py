"""New items stored: the instant followers hear of them once the store commits."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from ecosystem.news.ingestion.store import items_stored


def _send_instant_alerts() -> None:
    from ecosystem.follows.tasks import send_instant_alerts

    send_instant_alerts.delay()


@receiver(items_stored)
def alert_instant_followers(sender: Any, items: list[Any], **kwargs: Any) -> None:
    if not items:
        return
    connection = transaction.get_connection()
    # One run per transaction, however many feeds it stored.
    if not any(func is _send_instant_alerts for _, func, _ in connection.run_on_commit):
        # robust: a broker that is down must not undo the store; the beat's
        # run every few minutes catches up.
        transaction.on_commit(_send_instant_alerts, robust=True)
