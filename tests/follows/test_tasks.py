"""The paths through Celery: a real worker sends the confirmation mail, and the
instant alert of a stored feed; the command sends what is due synchronously."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.celery import app
from ecosystem.news.models import Source
from ecosystem.news.tasks import fetch_source
from tests import support
from tests.factories import FollowFactory, SourceFactory
from tests.mail_server import text_of
from tests.support import wait_for

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>Roborock shows a robot arm</title><guid>1</guid></item>"
    "<item><title>Roborock opens a store in Berlin</title><guid>2</guid></item>"
    "<item><title>Weather in Beijing</title><guid>3</guid></item>"
    "</channel></rss>"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("ecosystem_data")
def test_a_worker_sends_the_confirmation_and_the_instant_alert_of_a_stored_feed(
    client, feed_server, mail_server
):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        client.post(
            "/follow/", {"email": "fan@example.org", "frequency": "instant", "brand": "roborock"}
        )
        [confirmation] = mail_server.wait_for(1)
        assert "Please confirm" in confirmation["Subject"]
        FollowFactory._meta.model.objects.get().confirm()

        fetch_source.delay(source_id=source.pk)
        assert wait_for(lambda: len(mail_server.messages) == 2)
    alert = mail_server.messages[1]
    assert alert["Subject"] == "New: Roborock (2)"
    body = text_of(alert)
    assert "Roborock shows a robot arm" in body and "Weather in Beijing" not in body
    assert Source.objects.get(pk=source.pk).last_status == Source.Status.OK


@pytest.mark.django_db
def test_send_digests_sends_what_is_due_and_says_how_much(mail_server, capsys):
    roborock = Brand.objects.get(slug="roborock")
    for n in range(2):
        FollowFactory(brand=roborock, frequency="daily", subscriber__email=f"d{n}@example.org")
    FollowFactory(query="roborock", frequency="daily", subscriber__email="d0@example.org")
    support.news(brands=[roborock], title="Roborock news", published_at=timezone.now())

    call_command("send_digests", frequency="daily")
    assert capsys.readouterr().out.strip() == "3 mail(s) sent to 2 address(es)."
    call_command("send_digests", frequency="daily")
    assert capsys.readouterr().out.strip() == "0 mail(s) sent to 0 address(es)."


def test_send_digests_refuses_an_unknown_frequency():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="invalid choice: 'hourly'"):
        call_command("send_digests", frequency="hourly")
