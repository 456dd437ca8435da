"""Follows in the admin: administrators see who, editors only how many."""

import pytest
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.follows.models import Follow, Mail, Subscriber
from tests.factories import FollowFactory, administrator, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def follows():
    roborock = Brand.objects.get(slug="roborock")
    FollowFactory(brand=roborock, subscriber__email="private.person@example.org")
    FollowFactory(brand=roborock, frequency="instant", subscriber__email="other@example.org")
    FollowFactory(query="Saugroboter", confirmed_at=None, subscriber__email="new@example.org")
    return Follow.objects.all()


def test_administrators_see_addresses_states_and_failures(client, follows):
    client.force_login(administrator())
    html = client.get("/admin/follows/follow/").content.decode()
    assert "private.person@example.org" in html
    assert "unconfirmed" in html
    assert client.get(f"/admin/follows/follow/{follows[0].pk}/change/").status_code == 200
    assert "private.person@example.org" in client.get("/admin/follows/subscriber/").content.decode()


def test_editors_see_counts_and_never_an_address(client, follows):
    client.force_login(editor())
    response = client.get("/admin/follows/follow/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "How many follow what" in html
    assert "<td>Roborock</td><td>—</td><td>—</td><td>1</td><td>1</td><td>0</td><td>2</td>" in html
    assert "1 follow is waiting for confirmation" in html
    assert "@example.org" not in html
    assert client.get(f"/admin/follows/follow/{follows[0].pk}/change/").status_code == 403
    assert client.get("/admin/follows/subscriber/").status_code == 403
    assert client.get("/admin/follows/mail/").status_code == 403


def test_administrators_pause_and_resume_follows(client, follows):
    client.force_login(administrator())
    ids = [str(pk) for pk in follows.values_list("pk", flat=True)]
    client.post("/admin/follows/follow/", {"action": "pause", "_selected_action": ids})
    assert not Follow.objects.filter(paused_at__isnull=True).exists()
    client.post("/admin/follows/follow/", {"action": "resume", "_selected_action": ids})
    assert not Follow.objects.filter(paused_at__isnull=False).exists()


def test_ending_a_follow_in_the_admin_forgets_an_address_with_nothing_else(client, follows):
    client.force_login(administrator())
    follow = follows.get(subscriber__email="other@example.org")
    client.post(f"/admin/follows/follow/{follow.pk}/delete/", {"post": "yes"})
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert not Subscriber.objects.filter(email="other@example.org").exists()


def test_a_failed_mail_is_shown_with_its_error_and_can_be_sent_again(client, follows):
    follow = follows.first()
    mail = Mail.objects.create(
        subscriber=follow.subscriber,
        follow=follow,
        kind=Mail.Kind.DAILY,
        state=Mail.State.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 No such mailbox",
    )
    client.force_login(administrator())
    assert "550 No such mailbox" in client.get("/admin/follows/mail/").content.decode()
    client.post("/admin/follows/mail/", {"action": "retry", "_selected_action": [mail.pk]})
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.PENDING, 0)
    assert mail.next_attempt_at <= timezone.now()
