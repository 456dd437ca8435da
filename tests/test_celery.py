"""A real Celery worker consumes tasks from the configured broker.

On the embedded defaults that is kombu's file-based broker, with REDIS_URL it
is Redis: the same test proves both.
"""

import pytest
from celery.contrib.testing.tasks import ping
from celery.contrib.testing.worker import start_worker

from ecosystem.celery import app


@pytest.fixture
def in_memory_results():
    # The product keeps no task results; this test reads one back to see it ran.
    original = app.conf.result_backend
    app.conf.result_backend = "cache+memory://"
    yield
    app.conf.result_backend = original


def test_a_worker_runs_a_task_sent_through_the_broker(in_memory_results):
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        assert ping.delay().get(timeout=20) == "pong"
