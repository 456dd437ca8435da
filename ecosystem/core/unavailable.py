"""A clear 503 page when the database is unreachable, instead of a traceback.

Django opens connections lazily and checks them on each request
(CONN_HEALTH_CHECKS), so once the database is back the next request simply
works: nothing needs a restart. The JSON API answers in JSON.
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
API_MESSAGE = "The database is unavailable right now; try again in a minute."
RETRY_AFTER_SECONDS = "30"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", exception)
        if request.path_info.startswith(API_PREFIX):
            # API clients get the API's own error shape ({"detail": ...}), not a web page.
            response: HttpResponse = JsonResponse({"detail": API_MESSAGE}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
