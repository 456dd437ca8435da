"""Every web request is bounded in time (ecosystem/core/timeouts.py, unavailable.py)."""

import psycopg
import pytest
from django.db import connection

from ecosystem.core import timeouts

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_web_process_bounds_its_statements_by_the_web_limit(settings, monkeypatch):
    settings.WEB_STATEMENT_TIMEOUT = 3
    monkeypatch.setattr(timeouts, "_serving_web", True)

    timeouts.limit_statements(sender=None, connection=connection)

    assert _statement_timeout() == "3s"


def test_workers_and_commands_get_the_longer_limit(settings, monkeypatch):
    settings.WORKER_STATEMENT_TIMEOUT = 600
    monkeypatch.setattr(timeouts, "_serving_web", False)

    timeouts.limit_statements(sender=None, connection=connection)

    assert _statement_timeout() == "10min"


@pytest.fixture
def a_slow_database():
    """Another session holds the news table: any statement reading it waits, and the
    web request's statement limit (a fifth of a second here) cancels it."""
    params = connection.get_connection_params()
    other = psycopg.connect(**params, autocommit=False)
    other.execute("LOCK TABLE news_newsitem IN ACCESS EXCLUSIVE MODE")
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '200ms'")
    try:
        yield  # the test's own transaction, rolled back after it, undoes the SET
    finally:
        other.rollback()
        other.close()


def test_a_cancelled_statement_answers_a_clear_503_page_not_a_500(client, a_slow_database):
    response = client.get("/news/?q=xiaomi")

    assert response.status_code == 503
    html = response.content.decode()
    assert "Too slow to answer" in html
    assert "Narrow your search" in html
    assert response["Retry-After"]
    assert response["Cache-Control"] == "no-store"


def test_the_api_says_so_in_json(client, a_slow_database):
    response = client.get("/api/news/?q=xiaomi")

    assert response.status_code == 503
    assert "Narrow your search" in response.json()["detail"]
