import pytest

from ecosystem.celery import app as celery_app


@pytest.fixture
def tasks_run_at_once():
    """Tasks sent after a commit run in this process: for tests of what a request
    causes. The path through a real worker has tests of its own (test_tasks.py)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
