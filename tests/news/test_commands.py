"""`manage.py fetch_feed` and `manage.py fetch_sources`."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ecosystem.news.models import NewsItem, Source
from tests.subprocess_django import PRODUCTION, run_django

pytestmark = pytest.mark.django_db

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>Roborock one</title><guid>1</guid></item>"
    "<item><title>Dreame two</title><guid>2</guid></item></channel></rss>"
)


def fetch_feed(*args):
    out = io.StringIO()
    call_command("fetch_feed", *args, stdout=out)
    return out.getvalue().strip()


def test_fetch_feed_creates_the_source_and_prints_a_summary(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    url = feed_server.url_for("/feed.xml")
    assert fetch_feed(url, "--name", "Test news", "--language", "en") == (
        "2 new, 0 updated, 0 unchanged"
    )
    source = Source.objects.get(url=url)
    assert (source.name, source.language) == ("Test news", "en")
    assert fetch_feed(url) == "0 new, 0 updated, 2 unchanged"
    assert Source.objects.count() == 1 and NewsItem.objects.count() == 2


def test_fetch_feed_fails_with_one_clear_line(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data("gone", status=404)
    with pytest.raises(CommandError, match=r"HTTP 404") as error:
        fetch_feed(feed_server.url_for("/feed.xml"))
    assert "\n" not in str(error.value)


def test_fetch_feed_refuses_what_is_not_a_web_address():
    with pytest.raises(CommandError, match="not a http"):
        fetch_feed("file:///etc/passwd")
    assert not Source.objects.exists()


def test_fetch_feed_exits_1_with_the_message_on_stderr(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    assert run_django("migrate", env=env).returncode == 0
    result = run_django("fetch_feed", "http://127.0.0.1:9/feed.xml", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "CommandError: http://127.0.0.1:9/feed.xml: refused: 127.0.0.1 is not a public address"
    )


def test_fetch_sources_fetches_the_due_ones(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    Source.objects.create(name="Due", url=feed_server.url_for("/feed.xml"))
    Source.objects.create(name="Off", url=feed_server.url_for("/off.xml"), active=False)
    out = io.StringIO()
    call_command("fetch_sources", stdout=out)
    assert "Due: 2 new, 0 updated, 0 unchanged" in out.getvalue()
    assert "1 due, 0 failed." in out.getvalue()


def test_fetch_feed_leaves_a_source_another_worker_is_fetching_alone(feed_server):
    url = feed_server.url_for("/feed.xml")
    Source.objects.create(
        name="Busy", url=url, leased_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    with pytest.raises(CommandError, match="another worker is fetching it"):
        fetch_feed(url)
    assert feed_server.log == []
