"""Signing in to the admin: passwords work, repeated failures lock the account out."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from tests.factories import PASSWORD, editor

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Each attempt checks a password; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_an_editor_signs_in_with_the_right_password(client):
    user = editor(username="ada", with_password=True)
    response = sign_in(client, "ada", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused(client):
    editor(username="ada", with_password=True)
    response = sign_in(client, "ada", "not-the-password")
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_five_failed_sign_ins_lock_the_account_out_even_for_the_right_password(client):
    assert settings.AXES_FAILURE_LIMIT == 5
    editor(username="ada", with_password=True)
    for _ in range(4):
        assert sign_in(client, "ada", "guess").status_code == 200
    assert sign_in(client, "ada", "guess").status_code == 429
    response = sign_in(client, "ada", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="ada").failures_since_start >= 5


def test_a_successful_sign_in_resets_the_failure_count(client):
    editor(username="ada", with_password=True)
    for _ in range(4):
        sign_in(client, "ada", "guess")
    assert sign_in(client, "ada", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "ada", "guess").status_code == 200
    assert sign_in(client, "ada", PASSWORD).status_code == 302
