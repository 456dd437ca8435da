"""Per-client limits on the requests that cost the server most (searches, API lists).

Counted in the cache per client address (see clients.py) with django-ratelimit.
The limits are generous: a person reading the site never meets them, a script
hammering search does, and gets 429 with Retry-After. Like the page cache, the
limits are an accelerator's guard, never a dependency: when the cache cannot be
reached, requests pass uncounted.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]
from redis.exceptions import RedisError

from ecosystem.core.clients import client_ip

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _client(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def rate_limited(
    group: str, rate_setting: str, *, applies: Callable[[HttpRequest], bool] = lambda r: True
) -> Callable:
    """Answer 429 once a client exceeds the rate named by `rate_setting` ("60/m").

    `applies(request)` says which requests count (e.g. only those that search).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            rate = getattr(settings, rate_setting)
            if applies(request) and _exceeded(request, group, rate):
                return too_many_requests(request, PERIODS[rate.partition("/")[2]])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _exceeded(request: HttpRequest, group: str, rate: str) -> bool:
    try:
        return is_ratelimited(request, group=group, key=_client, rate=rate, increment=True)
    except (RedisError, OSError) as exc:
        logger.warning("rate limits not counted, the cache is unavailable: %s", exc)
        return False


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "Too many requests from your address; try again in a minute."},
            status=429,
        )
    else:
        response = HttpResponse(render_to_string("429.html", request=request), status=429)
    response["Retry-After"] = str(retry_after)
    return response
