"""The Celery side of follows: what the beat and the feed store start.

Each task is safe to run twice or at once (see alerts.py and delivery.py), so
acks_late redelivery after a lost worker does no harm.
"""

from celery import shared_task

from ecosystem.follows import alerts, delivery, jobs, subscribing
from ecosystem.follows.models import Follow


@shared_task
def deliver_mail(mail_pk: int) -> bool:
    return delivery.deliver(mail_pk)


@shared_task
def send_instant_alerts() -> None:
    """Every few minutes, for what waited on an address's hourly allowance (after a
    store, the outbox runs the same job)."""
    jobs.send_instant_alerts()


@shared_task
def send_digests(frequency: str) -> int:
    alerts.queue_digests(frequency)
    sent, _addresses = delivery.deliver_due()
    return sent


@shared_task
def deliver_due_mails() -> int:
    """The sweep, every minute: digests whose beat tick was lost (the broker was
    down at DIGEST_HOUR), mails whose hand-over was lost, retries now due."""
    for frequency in (Follow.Frequency.DAILY, Follow.Frequency.WEEKLY):
        alerts.queue_digests(frequency)
    sent, _addresses = delivery.deliver_due()
    return sent


@shared_task
def forget_unconfirmed_follows() -> int:
    return subscribing.forget_unconfirmed()
