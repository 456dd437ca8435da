"""What a mail's links open: the manage page, one-click unsubscribe, the private feed."""

import pytest
from django.test import Client
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.follows import tokens
from ecosystem.follows.models import Follow, Subscriber
from tests import support
from tests.factories import FollowFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    subscriber = SubscriberFactory(email="reader@example.org")
    FollowFactory(subscriber=subscriber, brand=Brand.objects.get(slug="roborock"))
    FollowFactory(subscriber=subscriber, query="扫地机器人", frequency="weekly")
    return subscriber


def manage_url(subscriber):
    return f"/follow/manage/{tokens.manage_token(subscriber.pk)}/"


def test_the_manage_page_lists_every_follow_of_the_address(client, reader):
    FollowFactory(brand=Brand.objects.get(slug="dreame"))  # someone else's
    html = support.text(client, manage_url(reader))
    assert "reader@example.org" in html
    assert "Roborock" in html and "扫地机器人" in html
    assert "Dreame" not in html
    assert 'name="robots" content="noindex"' in client.get(manage_url(reader)).content.decode()


def test_a_follow_can_be_changed_from_the_manage_page(reader):
    follow = reader.follows.get(brand__slug="roborock")
    response = Client(enforce_csrf_checks=True).post(
        manage_url(reader),
        {"follow": follow.pk, "action": "change", "frequency": "instant", "trending_only": "on"},
    )
    assert response.status_code == 303
    follow.refresh_from_db()
    assert (follow.frequency, follow.trending_only) == ("instant", True)


def test_ending_the_last_follow_deletes_the_address(client, reader):
    for follow in reader.follows.all():
        client.post(manage_url(reader), {"follow": follow.pk, "action": "end"})
    assert not Subscriber.objects.filter(email="reader@example.org").exists()


def test_another_addresses_follow_cannot_be_touched_from_a_manage_page(client, reader):
    other = FollowFactory(brand=Brand.objects.get(slug="dreame"))
    response = client.post(manage_url(reader), {"follow": other.pk, "action": "end"})
    assert response.status_code == 404
    assert Follow.objects.filter(pk=other.pk).exists()


def test_an_altered_manage_link_opens_nothing(client, reader):
    response = client.get(manage_url(reader).replace("/manage/", "/manage/A"))
    assert response.status_code == 404 and "reader@example.org" not in response.content.decode()


def test_one_click_unsubscribe_ends_the_follow_without_session_or_csrf_token(reader):
    follow = reader.follows.get(brand__slug="roborock")
    url = f"/follow/unsubscribe/{tokens.unsubscribe_token(follow.pk)}/"
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert Subscriber.objects.filter(pk=reader.pk).exists()  # it still follows a search
    # Mail clients may post twice; the second finds nothing to end and says so kindly.
    assert (
        Client()
        .post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        .status_code
        == 200
    )


def test_opening_the_unsubscribe_link_asks_first(client, reader):
    follow = reader.follows.get(brand__slug="roborock")
    html = support.text(client, f"/follow/unsubscribe/{tokens.unsubscribe_token(follow.pk)}/")
    assert "No more mails about Roborock?" in html
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_the_private_feed_has_the_news_of_what_the_address_follows(client, reader):
    now = timezone.now()
    support.news(
        brands=[Brand.objects.get(slug="roborock")], title="Roborock news", published_at=now
    )
    support.news(brands=[Brand.objects.get(slug="dreame")], title="Dreame news", published_at=now)
    response = client.get(f"/follow/feed/{tokens.feed_token(reader.pk)}/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Roborock news" in feed and "Dreame news" not in feed
    assert "reader@example.org" not in feed


def test_a_feed_token_opens_no_manage_page_and_the_other_way_round(client, reader):
    assert client.get(f"/follow/manage/{tokens.feed_token(reader.pk)}/").status_code == 404
    assert client.get(f"/follow/feed/{tokens.manage_token(reader.pk)}/").status_code == 404
