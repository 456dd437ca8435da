"""A clear 503 page when the database is unreachable, instead of a traceback.

Django opens connections lazily and checks them on each request
(CONN_HEALTH_CHECKS), so once the database is back the next request simply
works: nothing needs a restart.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", exception)
        html = render_to_string("503.html", request=None)
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
