"""The client's address behind trusted proxies (ecosystem/core/clients.py), and what
depends on it: sign-in lockouts that lock out the attacker, not the real user."""

import datetime
import ipaddress

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from ecosystem.core.clients import client_address
from tests.factories import PASSWORD, editor

PROXY = "10.0.0.5"
PROXIES = [ipaddress.ip_network("10.0.0.0/24")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # No trusted proxy in front: the header is anybody's word and is ignored.
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),
        # Through the proxy: the address it saw, the right-most hop.
        (PROXY, "203.0.113.1", "203.0.113.1"),
        # A client that sends its own X-Forwarded-For cannot choose its address.
        (PROXY, "1.2.3.4, 203.0.113.1", "203.0.113.1"),
        # Two trusted proxies in a row are skipped.
        (PROXY, "203.0.113.1, 10.0.0.9", "203.0.113.1"),
        # A malformed hop ends the chain of trust at the proxy.
        (PROXY, "203.0.113.1, not-an-address", PROXY),
        (PROXY, "", PROXY),
        (PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(remote, forwarded, client):
    assert client_address(remote, forwarded, PROXIES) == client


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = PROXIES
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sign_in(client, address, password):
    return client.post(
        "/admin/login/",
        {"username": "root", "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_an_attacker_behind_the_proxy_does_not_lock_the_real_user_out(client, behind_proxy):
    editor(username="root", with_password=True)
    for _ in range(6):
        _sign_in(client, "203.0.113.66", "guess")
    assert _sign_in(client, "203.0.113.66", PASSWORD).status_code == 429

    # The same proxy, another client: the lockout is the attacker's alone.
    response = _sign_in(client, "198.51.100.20", PASSWORD)

    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


@pytest.mark.django_db
def test_a_lockout_is_not_renewed_by_further_failures(client, behind_proxy):
    editor(username="root", with_password=True)
    for _ in range(5):
        _sign_in(client, "203.0.113.66", "guess")
    attempt = AccessAttempt.objects.get()
    locked_at = timezone.now() - datetime.timedelta(minutes=59)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=locked_at)

    _sign_in(client, "203.0.113.66", "guess")  # a failure during the lockout

    assert AccessAttempt.objects.get().attempt_time == locked_at
