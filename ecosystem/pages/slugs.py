"""Slugs in URLs are lower case; a link typed with capitals still arrives."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect


def lowercase_slug(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """/brands/Xiaomi/ answers a permanent redirect to /brands/xiaomi/, query kept."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if slug != slug.lower():
            path = request.path.replace(f"/{slug}/", f"/{slug.lower()}/", 1)
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
        return view(request, slug, *args, **kwargs)

    return wrapper
