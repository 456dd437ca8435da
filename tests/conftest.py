import os

import pytest
from django.conf import settings
from django.test import override_settings

from ecosystem.celery import app as celery_app

# .ci/run's PostgreSQL + Redis pass sets this: there, a test that would skip for
# want of a service fails instead, so a missing service cannot pass unnoticed.
REQUIRE_SERVICES = os.environ.get("TEST_REQUIRE_SERVICES") == "1"


def _missing_service(item) -> str | None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("postgres") and engine != "django.db.backends.postgresql":
        return "PostgreSQL: DATABASE_URL is not a postgres:// URL"
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        return "Redis: REDIS_URL is not set"
    return None


def pytest_runtest_setup(item):
    reason = _missing_service(item)
    if reason and REQUIRE_SERVICES:
        pytest.fail(f"needs {reason}, but TEST_REQUIRE_SERVICES=1 promises every service")
    if reason:
        pytest.skip(f"needs {reason}")


@pytest.fixture(autouse=True, scope="session")
def plain_static_files():
    """Production uses hashed static files, which need collectstatic; the suite does not."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True, scope="session")
def private_broker_folders(tmp_path_factory):
    """On the file-based broker, the suite gets folders of its own, apart from `make run`'s."""
    if settings.REDIS_URL:
        yield
        return
    original = celery_app.conf.broker_transport_options
    folder = tmp_path_factory.mktemp("broker")
    for name in ("queue", "control"):
        (folder / name).mkdir()
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
    }
    yield
    celery_app.conf.broker_transport_options = original
