"""Clear 503 answers instead of tracebacks when the database cannot answer in time.

Two cases: the database is unreachable, or a statement ran past the web
request's time limit (timeouts.py) and PostgreSQL cancelled it. Either way the
visitor reads what happened and what to do; the JSON API answers in JSON.

Django opens connections lazily and checks them on each request
(CONN_HEALTH_CHECKS), so once the database is back the next request simply
works: nothing needs a restart.
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = "30"
API_MESSAGE = gettext_noop("The database is unavailable right now; try again in a minute.")
SLOW_MESSAGE = gettext_noop(
    "This request took too long to answer. Narrow your search and try again."
)


def _cancelled(exception: BaseException) -> bool:
    """Whether PostgreSQL cancelled the statement (statement_timeout), as opposed to
    the database being gone."""
    cause = exception.__cause__
    return type(cause).__name__ == "QueryCanceled" or getattr(cause, "sqlstate", "") == "57014"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        too_slow = _cancelled(exception)
        if too_slow:
            logger.warning("statement cancelled after the time limit: %s", request.get_full_path())
            message = _(SLOW_MESSAGE)
        else:
            logger.error("database unavailable: %s", exception)
            message = _(API_MESSAGE)
        if request.path_info.startswith(API_PREFIX):
            # API clients get the API's own error shape ({"detail": ...}), not a web page.
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            context = {"too_slow": too_slow, "message": message}
            # No request context: the page must render without touching the database.
            response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        response["Cache-Control"] = "no-store"
        return response
