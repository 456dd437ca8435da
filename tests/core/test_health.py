"""GET /healthz names the part that is failing."""

import datetime
import json

import pytest
from django.utils import timezone

from ecosystem.celery import app as celery_app
from ecosystem.core.models import Job
from tests.subprocess_django import PRODUCTION, run_django

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "database": {"ok": True},
        "broker": {"ok": True},
        "outbox": {"ok": True, "due": 0, "oldest_due_seconds": 0},
    }


def job_due_since(seconds):
    return Job.objects.create(
        kind="news.rematch", due_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_reports_how_many_jobs_are_due_and_since_when(client, settings):
    settings.OUTBOX_MAX_AGE_SECONDS = 600
    job_due_since(120)
    job_due_since(5)
    Job.objects.create(kind="news.rematch", due_at=timezone.now() + datetime.timedelta(hours=1))
    Job.objects.create(kind="news.rematch", state="done", due_at=timezone.now() - HOUR)
    response = client.get("/healthz")
    assert response.status_code == 200
    outbox = response.json()["outbox"]
    assert (outbox["ok"], outbox["due"]) == (True, 2)
    assert 120 <= outbox["oldest_due_seconds"] < 180


def test_503_naming_the_outbox_when_a_job_waits_too_long(client, settings):
    settings.OUTBOX_MAX_AGE_SECONDS = 600
    job_due_since(700)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["outbox"]
    assert body["outbox"]["due"] == 1 and body["outbox"]["ok"] is False


@pytest.fixture
def broker_down():
    """Point the broker at a port where nothing listens."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    celery_app.conf.broker_url = original


def test_503_naming_the_broker_when_it_is_down(client, broker_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["database"] == {"ok": True}
    assert body["broker"]["ok"] is False


# A fresh process whose DATABASE_URL points where no database listens.
DATABASE_DOWN = {
    **PRODUCTION,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none?connect_timeout=2",
}
GET_WITHOUT_DATABASE = """
from django.test import Client, override_settings
plain = {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES={{"default": plain, "staticfiles": plain}}):  # no collectstatic
    response = Client().get("{path}")
print(response.status_code, response.get("Retry-After", "-"))
print(response.content.decode())
"""


def get_without_database(path):
    """(status line, body) of `path` answered by a process whose database is down."""
    result = run_django(env=DATABASE_DOWN, code=GET_WITHOUT_DATABASE.format(path=path))
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.split("\n", 1)
    return status, body


def test_503_naming_the_database_when_it_is_down():
    status, body = get_without_database("/healthz")
    assert status.split()[0] == "503"
    assert json.loads(body)["failing"] == ["database"]


def test_pages_answer_a_clear_503_when_the_database_is_down():
    status, body = get_without_database("/brands/")
    assert status == "503 30"
    assert "Temporarily unavailable" in body and "Traceback" not in body
