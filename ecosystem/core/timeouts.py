"""Every database statement is bounded in time, shortest for web requests.

A web request may cost the server a few seconds at most, whatever an anonymous
client asks: PostgreSQL cancels a statement that runs longer than
WEB_STATEMENT_TIMEOUT, and the visitor gets a clear 503 page (unavailable.py)
instead of a worker killed by gunicorn. Workers, beat and management commands
do bigger jobs (a re-match, a million demo items) and get WORKER_STATEMENT_TIMEOUT.

The limit is set once per connection, when it opens, so it costs no query per request.
SQLite, the embedded default for one person's laptop, has no such limit.
"""

from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

_serving_web = False


def serve_web() -> None:
    """This process answers web requests (called by wsgi.py, before any connection)."""
    global _serving_web
    _serving_web = True


def statement_timeout_seconds() -> int:
    return settings.WEB_STATEMENT_TIMEOUT if _serving_web else settings.WORKER_STATEMENT_TIMEOUT


def limit_statements(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created: bound the new connection's statements."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)", [f"{statement_timeout_seconds()}s"]
        )
