"""Sending a mail exactly once, and retrying the ones the server did not take.

A mail row is written in the transaction that decides it is due; after that
transaction commits it is handed to a worker, and a beat sweep every minute
hands over whatever is still due (a worker that died, a broker that was down).
Whoever sends it first claims it with a conditional UPDATE that only one
can win, as healthchecks' `sendalerts` claims its checks; a redelivered task
or a second sweep then finds nothing to do. A worker killed after the SMTP
server took the mail but before marking it sent leaves the claim to expire,
and the mail goes again: at least once, the only promise SMTP allows.

Failures: a server that is down or answers 4xx is tried again later (1, 4,
16, 64 minutes...) up to FOLLOWS_MAIL_ATTEMPTS times; a 5xx refusal ends the
mail at once. Each failed mail counts against its address; after
FOLLOWS_PAUSE_AFTER_FAILED_MAILS in a row its follows are paused, and the
admin shows them so.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ecosystem.follows.mails import build_message
from ecosystem.follows.models import Follow, Mail, Subscriber

logger = logging.getLogger(__name__)

# Longer than any one delivery can take (EMAIL_TIMEOUT per SMTP step).
LEASE = datetime.timedelta(minutes=5)
FIRST_RETRY = datetime.timedelta(minutes=1)


def hand_over(mail: Mail) -> None:
    """Send `mail` from a worker once the transaction that created it commits."""

    def send_later() -> None:
        from ecosystem.follows.tasks import deliver_mail

        deliver_mail.delay(mail.pk)

    # robust: a broker that is down must not undo the follow; the sweep sends it.
    transaction.on_commit(send_later, robust=True)


def deliver(mail_pk: int) -> bool:
    """Send the mail if it is due and nobody else is sending it; True when it went out."""
    now = timezone.now()
    claimed = (
        Mail.objects.due(now)
        .filter(pk=mail_pk)
        .update(claimed_until=now + LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    mail = Mail.objects.select_related("subscriber", "follow").get(pk=mail_pk)
    try:
        build_message(mail).send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        _failed(mail, error)
        return False
    except Exception as error:  # a mail that cannot be written is a bug: counted, not looped
        logger.exception("mail %s could not be built", mail.pk)
        _failed(mail, error)
        return False
    with transaction.atomic():
        Mail.objects.filter(pk=mail.pk).update(
            state=Mail.State.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )
        Follow.objects.filter(pk=mail.follow_id).update(last_sent_at=timezone.now())
        Subscriber.objects.filter(pk=mail.subscriber_id).update(failed_mails=0)
    return True


def deliver_due(limit: int = 500) -> tuple[int, int]:
    """Send what is due now; (mails sent, addresses they went to)."""
    due = list(
        Mail.objects.due().order_by("next_attempt_at").values_list("pk", "subscriber")[:limit]
    )
    sent = [subscriber for pk, subscriber in due if deliver(pk)]
    return len(sent), len(set(sent))


def _failed(mail: Mail, error: Exception) -> None:
    permanent = _is_permanent(error)
    message = f"{type(error).__name__}: {error}"[:500]
    logger.warning("mail %s to subscriber %s not sent: %s", mail.pk, mail.subscriber_id, message)
    with transaction.atomic():
        if permanent or mail.attempts >= settings.FOLLOWS_MAIL_ATTEMPTS:
            Mail.objects.filter(pk=mail.pk).update(
                state=Mail.State.FAILED, claimed_until=None, last_error=message
            )
            _count_failure(mail.subscriber)
            return
        delay = FIRST_RETRY * 4 ** (mail.attempts - 1)
        Mail.objects.filter(pk=mail.pk).update(
            next_attempt_at=timezone.now() + delay, claimed_until=None, last_error=message
        )


def _count_failure(subscriber: Subscriber) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(failed_mails=F("failed_mails") + 1)
    subscriber.refresh_from_db(fields=["failed_mails"])
    if subscriber.failed_mails >= settings.FOLLOWS_PAUSE_AFTER_FAILED_MAILS:
        subscriber.follows.filter(paused_at__isnull=True).update(paused_at=timezone.now())
        logger.warning(
            "follows of subscriber %s paused after %d failed mails",
            subscriber.pk,
            subscriber.failed_mails,
        )


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer about this address: the server will not take this mail however
    often it is asked. A refused sign-in or sender is the site's own problem, not
    the address's: retried, and never held against the follower."""
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False
