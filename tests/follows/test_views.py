"""Following from a page: the form, the one answer, the confirmation and its limits."""

import re

import pytest
from django.test import Client

from ecosystem.brands.models import Brand
from ecosystem.follows.models import Follow, Mail, Subscriber
from tests.factories import FollowFactory, SubscriberFactory
from tests.mail_server import text_of

# Transactions commit as in production, so the confirmation mail is handed over
# after the commit; the task then runs in this process.
# serialized_rollback: the seeded ecosystem comes back after each test, as the
# other transactional tests expect.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("ecosystem_data", "tasks_run_at_once"),
]


def follow(client, **fields):
    data = {"email": "ada@example.org", "frequency": "daily", **fields}
    return client.post("/follow/", data)


def confirm_link(message) -> str:
    return re.search(r"https://tracker\.example(/follow/confirm/\S+/)", text_of(message)).group(1)


def test_following_a_brand_sends_one_confirmation_mail_and_sends_the_visitor_to_check_the_inbox(
    client, mail_server
):
    brand = Brand.objects.get(slug="roborock")
    response = follow(client, brand="roborock", frequency="instant")

    assert response.status_code == 303 and response["Location"] == "/follow/sent/"
    assert "Check your inbox" in client.get("/follow/sent/").content.decode()
    [message] = mail_server.wait_for(1)
    assert message["To"] == "ada@example.org"
    assert "Roborock" in message["Subject"]
    follow_row = Follow.objects.get()
    assert follow_row.brand == brand and follow_row.frequency == "instant"
    assert follow_row.confirmed_at is None


def test_the_answer_is_the_same_for_a_new_a_waiting_and_a_confirmed_address(client, mail_server):
    confirmed = FollowFactory(
        subscriber=SubscriberFactory(email="known@example.org"),
        brand=Brand.objects.get(slug="yeelight"),
    )
    answers = [
        follow(client, email="new@example.org", brand="roborock"),
        follow(client, email="new@example.org", brand="roborock"),  # waiting already
        follow(client, email="known@example.org", brand="yeelight"),  # confirmed already
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {(303, "/follow/sent/")}
    kinds = list(Mail.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["confirm", "confirm", "reminder"]
    assert confirmed.mails.get().kind == "reminder"


def test_with_htmx_the_form_is_replaced_by_the_answer_in_place(client, mail_server):
    response = client.post(
        "/follow/",
        {"email": "a@example.org", "frequency": "weekly", "brand": "roborock"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'class="card follow-card follow-done"' in html
    assert "<html" not in html


def test_an_address_gets_at_most_three_confirmation_mails_a_day(client, mail_server):
    answers = [follow(client, brand="roborock") for _ in range(5)]
    assert {a.status_code for a in answers} == {303}  # the same answer, always
    assert Mail.objects.count() == 3
    assert len(mail_server.wait_for(3)) == 3


def test_a_client_that_posts_too_often_is_told_to_wait(client, settings, mail_server):
    settings.RATE_LIMIT_FOLLOW = "2/h"
    statuses = [
        follow(client, email=f"p{n}@example.org", brand="roborock").status_code for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert Subscriber.objects.count() == 2


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing_happens(
    client, mail_server
):
    response = follow(client, brand="roborock", website="http://spam.example")
    assert response.status_code == 303 and response["Location"] == "/follow/sent/"
    assert not Subscriber.objects.exists() and not Mail.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"brand": "no-such-brand"}, "No brand by that name is tracked here."),
        ({}, "Choose a brand, a category or a search to follow."),
        ({"brand": "roborock", "email": "not an address"}, "Enter a valid email address."),
        ({"q": "x" * 300}, "A search may be at most 200 characters long."),
        ({"category": "robot-vacuums", "trending_only": "on"}, "apply to a brand only"),
    ],
)
def test_a_wrong_form_is_refused_with_what_is_wrong(client, fields, message):
    response = follow(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_following_needs_no_csrf_token_since_the_pages_are_cached_whole(mail_server):
    response = follow(Client(enforce_csrf_checks=True), brand="roborock")
    assert response.status_code == 303


def test_the_confirmation_link_shows_what_will_be_followed_and_confirms_only_on_the_button(
    client, mail_server
):
    follow(client, brand="roborock", include="tied")
    link = confirm_link(mail_server.wait_for(1)[0])

    page = client.get(link).content.decode()
    assert "Roborock and the brands tied to it" in page
    assert "ada@example.org" in page
    assert Follow.objects.get().confirmed_at is None  # opening the link is not enough

    response = Client(enforce_csrf_checks=True).post(link)
    assert response.status_code == 303 and "/follow/manage/" in response["Location"]
    assert Follow.objects.get().confirmed_at is not None
    assert "Confirmed." in client.get(response["Location"]).content.decode()


def test_an_altered_confirmation_link_is_refused_kindly(client, mail_server):
    follow(client, brand="roborock")
    link = confirm_link(mail_server.wait_for(1)[0])
    response = client.post(link.replace("/confirm/", "/confirm/x"))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert Follow.objects.get().confirmed_at is None


def test_a_search_follow_keeps_the_search_and_its_other_filters(client, mail_server):
    follow(client, q="  Saugroboter   test ", brand="roborock")
    row = Follow.objects.get()
    assert (row.query, row.brand.slug, row.category) == ("Saugroboter test", "roborock", None)


@pytest.mark.parametrize(
    ("language", "subject"),
    [("en", "Please confirm"), ("de", "Bitte bestätigen"), ("zh-hans", "请确认")],
)
def test_the_mail_is_in_the_language_the_visitor_used(client, mail_server, language, subject):
    client.cookies["django_language"] = language
    follow(client, brand="roborock")
    [message] = mail_server.wait_for(1)
    assert subject in message["Subject"]
    assert Subscriber.objects.get().language == language


def test_follows_never_confirmed_are_forgotten_after_a_week(client, mail_server):
    import datetime

    from django.utils import timezone

    from ecosystem.follows.subscribing import forget_unconfirmed

    follow(client, email="old@example.org", brand="roborock")
    follow(client, email="fresh@example.org", brand="roborock")
    keeps = FollowFactory(subscriber__email="old@example.org", query="phone")  # confirmed
    Follow.objects.filter(subscriber__email="old@example.org").update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    follow(client, email="gone@example.org", brand="dreame")
    Follow.objects.filter(subscriber__email="gone@example.org").update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert forget_unconfirmed() == 2
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "old@example.org",
        "fresh@example.org",
    }
    assert list(Follow.objects.filter(subscriber__email="old@example.org")) == [keeps]
