"""Each mail sent exactly once, failures retried and recorded, hopeless addresses paused."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.follows import alerts, delivery
from ecosystem.follows.models import Mail
from ecosystem.follows.tasks import deliver_mail
from tests import support
from tests.factories import FollowFactory
from tests.mail_server import free_port


def queued_alert(**follow_fields):
    follow = FollowFactory(
        brand=Brand.objects.get(slug="roborock"), frequency="instant", **follow_fields
    )
    support.news(brands=[follow.brand], published_at=timezone.now())
    [mail] = alerts.queue_instant()
    return mail


@pytest.mark.django_db
def test_a_mail_delivered_twice_is_sent_once(mail_server):
    mail = queued_alert()
    for _ in range(2):  # the broker hands the task over a second time
        deliver_mail.apply(args=[mail.pk]).get()
    assert len(mail_server.wait_for(1)) == 1
    mail.refresh_from_db()
    assert mail.state == Mail.State.SENT and mail.attempts == 1


@pytest.mark.django_db
def test_a_server_that_says_later_is_tried_again_later(mail_server):
    mail = queued_alert()
    mail_server.refuse = "451 4.3.0 Try again later"
    assert delivery.deliver(mail.pk) is False
    mail.refresh_from_db()
    assert mail.state == Mail.State.PENDING and mail.attempts == 1
    assert "451" in mail.last_error
    assert mail.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert delivery.deliver(mail.pk) is False  # not due yet: nothing is tried

    mail_server.refuse = None
    Mail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    assert delivery.deliver_due() == (1, 1)
    mail.refresh_from_db()
    assert mail.state == Mail.State.SENT and mail.last_error == ""


@pytest.mark.django_db
def test_a_server_that_is_down_is_tried_again_and_given_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.FOLLOWS_MAIL_ATTEMPTS = 2
    mail = queued_alert()
    for _ in range(2):
        Mail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
        delivery.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.state == Mail.State.FAILED and mail.attempts == 2
    assert "Connection refused" in mail.last_error or "Errno" in mail.last_error


@pytest.mark.django_db
def test_a_refused_address_fails_at_once_and_repeated_failures_pause_its_follows(
    mail_server, settings
):
    settings.FOLLOWS_PAUSE_AFTER_FAILED_MAILS = 2
    mail_server.refuse = "550 5.1.1 No such mailbox"
    first = queued_alert(subscriber__email="gone@example.org")
    delivery.deliver(first.pk)
    first.refresh_from_db()
    assert first.state == Mail.State.FAILED and "550" in first.last_error
    assert first.follow.paused_at is None

    support.news(brands=[first.follow.brand], published_at=timezone.now())
    [second] = alerts.queue_instant()
    delivery.deliver(second.pk)
    first.follow.refresh_from_db()
    assert first.follow.paused_at is not None
    assert alerts.queue_instant() == []  # a paused follow hears of nothing


@pytest.mark.django_db
def test_a_wrong_password_on_the_sites_side_is_not_held_against_the_follower(mail_server):
    import smtplib

    assert delivery._is_permanent(smtplib.SMTPAuthenticationError(535, b"bad credentials")) is False
    assert delivery._is_permanent(smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")})) is True
    assert delivery._is_permanent(smtplib.SMTPRecipientsRefused({"a@b": (452, b"full")})) is False


# SQLite lets one writer in at a time, so only PostgreSQL lets the two race.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("ecosystem_data")
def test_two_senders_at_once_send_each_digest_once(mail_server):
    """Two beats (or a redelivered task) preparing and sending the same digests at once."""
    roborock = Brand.objects.get(slug="roborock")
    for n in range(5):
        FollowFactory(brand=roborock, frequency="daily", subscriber__email=f"r{n}@example.org")
    support.news(brands=[roborock], published_at=timezone.now())
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            alerts.queue_digests("daily")
            delivery.deliver_due()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Mail.objects.count() == 5
    assert sorted(m["To"] for m in mail_server.wait_for(5)) == [
        f"r{n}@example.org" for n in range(5)
    ]


@pytest.mark.django_db
def test_a_mail_held_by_a_worker_that_died_is_sent_once_its_claim_runs_out(mail_server):
    mail = queued_alert()
    held = timezone.now() + delivery.LEASE
    Mail.objects.filter(pk=mail.pk).update(claimed_until=held, attempts=1)  # claimed, then killed
    assert delivery.deliver_due() == (0, 0)  # still held: nobody else sends it
    Mail.objects.filter(pk=mail.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert delivery.deliver_due() == (1, 1)
    assert len(mail_server.wait_for(1)) == 1


@pytest.mark.django_db
def test_a_mail_that_cannot_be_written_is_retried_then_failed_not_looped(mail_server, settings):
    settings.FOLLOWS_MAIL_ATTEMPTS = 2
    mail = queued_alert()
    settings.DEFAULT_FROM_EMAIL = "alerts\nBcc: someone@example.org"  # refused as a header
    for _ in range(3):
        Mail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
        delivery.deliver(mail.pk)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.FAILED, 2)
    assert mail_server.messages == []
