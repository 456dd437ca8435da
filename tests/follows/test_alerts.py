"""Which follows hear of which news, when: instant alerts, digests and trend alerts."""

import datetime

import pytest
from django.utils import timezone

from ecosystem.brands.models import Brand, Tie
from ecosystem.follows import alerts, delivery
from ecosystem.follows.models import Follow, Mail
from tests import support
from tests.factories import BrandFactory, CategoryFactory, FollowFactory, SourceFactory
from tests.mail_server import html_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def roborock():
    return Brand.objects.get(slug="roborock")  # seeded by the migrations


def news(**fields):
    """An item published just now (support.news dates items on a fixed day)."""
    fields.setdefault("published_at", timezone.now())
    return support.news(**fields)


def send(frequency="instant", now=None):
    """Decide and send what is due, as the tasks do; returns (mails, addresses)."""
    if frequency == "instant":
        alerts.queue_instant(now)
    else:
        alerts.queue_digests(frequency, now)
    return delivery.deliver_due()


def test_an_instant_follow_gets_one_mail_for_a_batch_of_items(roborock, mail_server):
    FollowFactory(brand=roborock, frequency="instant", subscriber__email="a@example.org")
    for n in range(3):
        news(brands=[roborock], title=f"Roborock launch {n}")
    news(title="Something else entirely")

    assert send() == (1, 1)
    [message] = mail_server.wait_for(1)
    body = text_of(message)
    assert all(f"Roborock launch {n}" in body for n in range(3))
    assert "Something else" not in body
    assert "3 new items about Roborock" in body


def test_nothing_is_told_twice_and_no_mail_goes_when_nothing_is_new(roborock, mail_server):
    FollowFactory(brand=roborock, frequency="instant")
    news(brands=[roborock])
    assert send() == (1, 1)
    assert send() == (0, 0)
    news(brands=[roborock], title="A second story")
    assert send() == (1, 1)
    assert "A second story" in text_of(mail_server.wait_for(2)[1])


def test_an_unconfirmed_follow_gets_nothing_but_its_confirmation(roborock, mail_server):
    for frequency in ("instant", "daily", "weekly"):
        FollowFactory(brand=roborock, frequency=frequency, confirmed_at=None)
    news(brands=[roborock])
    for frequency in ("instant", "daily", "weekly"):
        assert send(frequency) == (0, 0)
    assert mail_server.messages == []


def test_a_paused_follow_gets_nothing(roborock, mail_server):
    FollowFactory(brand=roborock, frequency="instant", paused_at=timezone.now())
    news(brands=[roborock])
    assert send() == (0, 0)


def test_instant_mails_stay_within_the_hourly_allowance_and_the_rest_waits(
    roborock, settings, mail_server
):
    settings.FOLLOWS_INSTANT_PER_HOUR = 2
    FollowFactory(brand=roborock, frequency="instant")
    for n in range(3):
        news(brands=[roborock], title=f"Batch {n}")
        send()
    assert len(mail_server.messages) == 2
    assert "Batch 2" not in text_of(mail_server.messages[1])

    assert send(now=timezone.now() + datetime.timedelta(minutes=61)) == (1, 1)
    assert "Batch 2" in text_of(mail_server.wait_for(3)[2])


def test_a_category_follow_hears_of_its_sub_categories_too(mail_server):
    parent = CategoryFactory(slug="test-home", name="Home")
    child = CategoryFactory(slug="test-lamps", name="Lamps", parent=parent)
    FollowFactory(category=parent, frequency="instant")
    news(categories=[child], title="A new desk lamp")
    assert send() == (1, 1)
    assert "A new desk lamp" in text_of(mail_server.wait_for(1)[0])


def test_a_brand_follow_with_tied_brands_hears_of_them(roborock, mail_server):
    xiaomi = Brand.objects.get(slug="xiaomi")
    assert Tie.objects.rolling_up_to(xiaomi).filter(brand=roborock).exists()
    FollowFactory(brand=xiaomi, include_tied=True, frequency="instant")
    FollowFactory(brand=xiaomi, include_tied=False, frequency="instant")
    news(brands=[roborock], title="Roborock only")
    assert send() == (1, 1)


def test_a_daily_digest_groups_stories_newest_first_with_absolute_links(roborock, mail_server):
    FollowFactory(brand=roborock, frequency="daily")
    now = timezone.now()
    first = news(
        brands=[roborock],
        title="Roborock Saros Z70 launched",
        published_at=now - datetime.timedelta(hours=3),
    )
    news(
        brands=[roborock],
        title="Saros Z70: Roborock's arm robot is here",
        story=first,
        source=SourceFactory(name="Second outlet"),
        published_at=now - datetime.timedelta(hours=2),
    )
    news(
        brands=[roborock],
        title="Roborock opens a lab",
        published_at=now - datetime.timedelta(hours=1),
    )

    assert send("daily") == (1, 1)
    [message] = mail_server.wait_for(1)
    body = text_of(message)
    assert "covered by 2 sources" in body
    # The newest item of each story stands for it, newest story first.
    assert body.index("Roborock opens a lab") < body.index(
        "Saros Z70: Roborock's arm robot is here"
    )
    assert "Roborock Saros Z70 launched" not in body
    assert "https://tracker.example/brands/roborock/" in body
    html = html_of(message)
    assert 'href="https://tracker.example/brands/roborock/"' in html
    assert "covered by 2 sources" in html


def test_a_digest_goes_once_per_period_however_often_it_runs(roborock, mail_server):
    FollowFactory(brand=roborock, frequency="daily")
    news(brands=[roborock])
    assert send("daily") == (1, 1)
    news(brands=[roborock], title="Later the same day")
    assert send("daily") == (0, 0)  # today's digest is done
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send("daily", now=tomorrow) == (1, 1)
    assert "Later the same day" in text_of(mail_server.wait_for(2)[1])


def test_a_weekly_digest_covers_the_week(roborock, mail_server):
    follow = FollowFactory(
        brand=roborock,
        frequency="weekly",
        confirmed_at=timezone.now() - datetime.timedelta(days=10),
    )
    news(
        brands=[roborock],
        title="Five days ago",
        published_at=timezone.now() - datetime.timedelta(days=5),
    )
    assert send("daily") == (0, 0)  # a weekly follow is not in the daily run
    assert send("weekly") == (1, 1)
    assert "Five days ago" in text_of(mail_server.wait_for(1)[0])
    follow.refresh_from_db()
    assert follow.digest_period == alerts.period_of("weekly", timezone.now())
    assert "Your weekly digest" in mail_server.messages[0]["Subject"]


def test_a_search_follow_hears_of_matching_items_only(mail_server):
    FollowFactory(query="vacuum", frequency="instant")
    news(title="A new robot vacuum from Dreame")
    news(title="A new phone")
    assert send() == (1, 1)
    body = text_of(mail_server.wait_for(1)[0])
    assert "robot vacuum" in body and "A new phone" not in body


def test_a_trend_follow_is_told_once_a_week_when_its_brand_trends_and_says_the_rule(
    roborock, mail_server
):
    quiet = BrandFactory(name="Quiet brand", slug="quiet-brand")
    FollowFactory(brand=roborock, trending_only=True, frequency="instant")
    FollowFactory(brand=quiet, trending_only=True, frequency="instant")
    for n in range(6):
        news(brands=[roborock], title=f"Roborock everywhere {n}")
    news(brands=[quiet])

    assert send() == (1, 1)
    [message] = mail_server.wait_for(1)
    assert message["Subject"] == "Roborock is trending"
    assert "at least 5 items in the last seven days and 3 times" in text_of(message)
    news(brands=[roborock], title="Still trending")
    assert send() == (0, 0)  # once a week


def test_a_trend_follow_gets_no_ordinary_digest(roborock, mail_server):
    FollowFactory(brand=roborock, trending_only=True, frequency="daily")
    news(brands=[roborock])
    assert send("daily") == (0, 0)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "new item about"), ("de", "Roborock"), ("zh-hans", "Roborock")],
)
def test_alerts_are_written_in_the_followers_language(roborock, mail_server, language, words):
    follow = FollowFactory(brand=roborock, frequency="instant", subscriber__language=language)
    news(brands=[roborock])
    send()
    [message] = mail_server.wait_for(1)
    assert words in text_of(message)
    assert f'lang="{language}"' in html_of(message)
    assert follow.mails.get().state == Mail.State.SENT


def test_every_alert_carries_the_manage_link_and_one_click_unsubscribe_headers(
    roborock, mail_server
):
    follow = FollowFactory(brand=roborock, frequency="instant")
    news(brands=[roborock])
    send()
    [message] = mail_server.wait_for(1)
    unsubscribe = message["List-Unsubscribe"].strip()  # folded onto its own line
    assert unsubscribe.startswith("<https://tracker.example/follow/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://tracker.example/follow/manage/" in text_of(message)
    assert follow.subscriber.email == message["To"]
    assert message.get_body(preferencelist=("html",)) is not None


def test_period_names():
    moment = datetime.datetime(2026, 12, 1, 7, tzinfo=datetime.UTC)
    assert alerts.period_of(Follow.Frequency.DAILY, moment) == "2026-12-01"
    assert alerts.period_of(Follow.Frequency.WEEKLY, moment) == "2026-W49"


@pytest.mark.parametrize(
    ("now", "frequency", "due"),
    [
        ("2026-12-01 07:00", "daily", "2026-12-01 07:00"),
        ("2026-12-01 06:59", "daily", "2026-11-30 07:00"),
        ("2026-12-03 12:00", "weekly", "2026-11-30 07:00"),  # Thursday: Monday's
        ("2026-11-30 06:00", "weekly", "2026-11-23 07:00"),  # Monday, before the hour
    ],
)
def test_the_latest_digest_moment(settings, now, frequency, due):
    settings.DIGEST_HOUR = 7

    def at(text):
        return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)

    assert alerts.last_digest_moment(frequency, at(now)) == at(due)


def test_a_digest_whose_beat_tick_was_lost_goes_with_the_next_sweep(roborock, mail_server):
    from ecosystem.follows.tasks import deliver_due_mails

    FollowFactory(
        brand=roborock, frequency="daily", confirmed_at=timezone.now() - datetime.timedelta(days=2)
    )
    news(brands=[roborock])
    assert deliver_due_mails.apply().get() == 1  # the sweep finds today's digest undone
    assert deliver_due_mails.apply().get() == 0


def test_a_follow_confirmed_after_the_digest_hour_waits_for_the_next_digest(
    roborock, mail_server, settings
):
    now = timezone.now()
    settings.DIGEST_HOUR = (now - datetime.timedelta(hours=1)).hour
    FollowFactory(
        brand=roborock, frequency="daily", confirmed_at=now - datetime.timedelta(minutes=5)
    )
    news(brands=[roborock])
    assert send("daily") == (0, 0)
    assert send("daily", now=now + datetime.timedelta(days=1)) == (1, 1)
