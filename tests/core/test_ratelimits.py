"""Per-client limits on searches and API lists (ecosystem/core/ratelimits.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    settings.RATE_LIMIT_SEARCH = "3/m"
    settings.RATE_LIMIT_API = "5/m"


def test_searching_past_the_limit_answers_429_with_retry_after(client, tight_limits):
    for n in range(3):
        assert client.get(f"/news/?q=xiaomi{n}").status_code == 200

    response = client.get("/news/?q=one+more")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many requests" in response.content.decode()


def test_browsing_without_searching_is_not_limited(client, tight_limits):
    for _ in range(6):
        assert client.get("/news/").status_code == 200


def test_each_client_address_has_its_own_count(client, tight_limits):
    for n in range(3):
        client.get(f"/news/?q=w{n}", REMOTE_ADDR="203.0.113.1")

    assert client.get("/news/?q=w", REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.get("/news/?q=w", REMOTE_ADDR="203.0.113.2").status_code == 200


def test_the_api_answers_429_in_json(client, tight_limits):
    for _ in range(5):
        assert client.get("/api/brands/").status_code == 200

    response = client.get("/api/news/")

    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many requests from your address; try again in a minute."
    }
    assert response["Retry-After"] == "60"
