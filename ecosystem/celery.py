"""The Celery application: configured from the CELERY_* Django settings."""

import logging
import os
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import task_failure

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")

app = Celery("ecosystem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("ecosystem.tasks")


@app.on_after_configure.connect
def make_broker_folders(sender: Celery, **kwargs: Any) -> None:
    """kombu's filesystem transport (the embedded default) expects its folders to exist.

    Runs once, when the configuration is first read, in every process that
    publishes or consumes, not at import time.
    """
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@task_failure.connect
def log_failed_task(
    sender: Any = None,
    task_id: str | None = None,
    exception: BaseException | None = None,
    args: Any = None,
    kwargs: Any = None,
    **extra: Any,
) -> None:
    """Every failed task reaches the log with what it was asked to do, so an
    operator can tell which source, announcement or item it was about."""
    name = getattr(sender, "name", sender)
    logger.error(
        "task %s [%s] failed: %s: %s; args=%r kwargs=%r",
        name, task_id, type(exception).__name__, exception, args, kwargs,
        exc_info=(type(exception), exception, exception.__traceback__) if exception else None,
    )  # fmt: skip
