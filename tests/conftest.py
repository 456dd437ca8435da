import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from ecosystem.celery import app as celery_app
from ecosystem.core import page_cache

CHROMIUM = Path("/usr/bin/chromium")

# What the run promises to provide, e.g. TEST_REQUIRE=browser,postgres,redis in
# .ci/run: a test that would skip for want of one of them fails instead, so a
# missing service or browser cannot pass unnoticed.
REQUIRED = {name.strip() for name in os.environ.get("TEST_REQUIRE", "").split(",") if name.strip()}


def _missing(item) -> tuple[str, str] | None:
    """(what, why) when the test needs something this run does not have."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("postgres") and engine != "django.db.backends.postgresql":
        return "postgres", "PostgreSQL: DATABASE_URL is not a postgres:// URL"
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        return "redis", "Redis: REDIS_URL is not set"
    if item.get_closest_marker("browser") and not CHROMIUM.exists():
        return "browser", f"Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    missing = _missing(item)
    if missing and missing[0] in REQUIRED:
        pytest.fail(f"needs {missing[1]}, but TEST_REQUIRE promises {missing[0]}")
    if missing:
        pytest.skip(f"needs {missing[1]}")


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


def _forget_broker_connections():
    """Publishing reuses pooled connections (kombu keeps a pool per broker URL); after a
    change of broker the app must look its pool up again."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The Celery broker pointed at a port where nothing listens."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    _forget_broker_connections()
    yield
    celery_app.conf.broker_url = original
    _forget_broker_connections()


@pytest.fixture(autouse=True, scope="session")
def private_cache_folder(tmp_path_factory):
    """Without Redis the cache lives in files: the suite gets a folder of its own."""
    if settings.REDIS_URL:
        yield
        return
    caches = {
        "default": {**settings.CACHES["default"], "LOCATION": tmp_path_factory.mktemp("cache")}
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Nothing cached while an earlier test's rows existed is served to this one."""
    page_cache.catalogue_changed()


@pytest.fixture
def feed_server(httpserver, settings):
    """A real HTTP server on loopback, which feeds may reach in tests."""
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = True
    return httpserver


@pytest.fixture
def ecosystem_data(transactional_db):
    """The seeded ecosystem in a transactional test.

    Such tests empty the database when they end; the ecosystem is loaded again
    when an earlier one left it empty (cheap, and idempotent either way).
    """
    from ecosystem.brands.models import Brand
    from ecosystem.brands.seed import load_ecosystem

    if not Brand.objects.exists():
        load_ecosystem()


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on loopback that the site's mails go to; yields its Inbox."""
    from tests import mail_server

    inbox = mail_server.Inbox()
    controller, port = mail_server.start(inbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://tracker.example"
    yield inbox
    controller.stop()


@pytest.fixture
def tasks_run_at_once():
    """Tasks sent after a commit run in this process: for tests of what a request
    causes. The paths through a real worker have tests of their own."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def article_server(settings):
    """A threaded HTTP server on loopback serving article pages (tests/article_server.py);
    pages and robots.txt need no pause between requests unless a test sets one."""
    from tests import article_server as module

    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = True
    settings.ARTICLES_HOST_DELAY = 0
    state, server = module.start()
    # A shared cache (Redis) may hold robots.txt of an earlier server on the same port.
    from django.core.cache import cache

    cache.delete(f"articles:robots:{state.url('')}")
    yield state
    server.shutdown()
    server.server_close()
