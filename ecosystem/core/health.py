"""GET /healthz: is the database answering, and is the Celery broker?"""

import logging

from celery import current_app as celery_app
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


CHECKS = {"database": check_database, "broker": check_broker}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure of a part is an answer, not a crash
            logger.warning("health check: %s is failing: %s", name, exc)
            # The exception's class names the problem without leaking hosts or credentials.
            parts[name] = {"ok": False, "error": type(exc).__name__}
        else:
            parts[name] = {"ok": True}
    failing = [name for name, part in parts.items() if not part["ok"]]
    body = {"status": "unavailable" if failing else "ok", "failing": failing, **parts}
    return JsonResponse(body, status=503 if failing else 200)
