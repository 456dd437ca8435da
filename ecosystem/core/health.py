"""GET /healthz: is the database answering, is the Celery broker, and is the outbox
keeping up (how many jobs are due, and for how long the oldest has been)?"""

import logging
from collections.abc import Callable
from typing import Any

from celery import current_app as celery_app
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ecosystem.core import outbox

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    # Socket reads are bounded too: a broker that accepts connections but never answers
    # (hung or paused, or a connection dropped without a reset) must fail the check within
    # seconds, not hold the request, and with it a web worker, for good.
    limits = {
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    }
    with celery_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=limits
    ) as conn:
        # One quick attempt: a health check must answer, not wait for the broker.
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
        conn.default_channel  # noqa: B018 -- opening a channel proves the broker is usable


class OutboxBehind(Exception):
    """A job has been due for longer than OUTBOX_MAX_AGE_SECONDS: workers are not keeping up,
    or none is running."""

    def __init__(self, details: dict[str, Any]):
        super().__init__(details)
        self.details = details


def check_outbox() -> dict[str, Any]:
    now = timezone.now()
    backlog = outbox.backlog(now)
    details = {"due": backlog.due, "oldest_due_seconds": round(backlog.oldest_age(now))}
    if details["oldest_due_seconds"] > settings.OUTBOX_MAX_AGE_SECONDS:
        raise OutboxBehind(details)
    return details


CHECKS: dict[str, Callable[[], dict[str, Any] | None]] = {
    "database": check_database,
    "broker": check_broker,
    "outbox": check_outbox,
}
# Checks that read the database, and are not run when it does not answer.
NEEDS_DATABASE = {"outbox"}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not parts["database"]["ok"]:
            continue
        try:
            details = check() or {}
        except Exception as exc:  # any failure of a part is an answer, not a crash
            logger.warning("health check: %s is failing: %s", name, exc)
            # The exception's class names the problem without leaking hosts or credentials.
            parts[name] = {"ok": False, "error": type(exc).__name__, **getattr(exc, "details", {})}
        else:
            parts[name] = {"ok": True, **details}
    failing = [name for name, part in parts.items() if not part["ok"]]
    body = {"status": "unavailable" if failing else "ok", "failing": failing, **parts}
    return JsonResponse(body, status=503 if failing else 200)
