"""Cached public pages and counts, and the generations that invalidate them.

Every cached value is stored under a key that includes the current token of each
*generation* it depends on:

- "catalogue": brands, categories, ties, aliases and announcements, which
  editors change. Every cached value depends on it.
- "news": any news item stored, changed, hidden or re-matched.
- "brand-news:<slug>": news naming that brand. A brand's own page depends on
  this one instead of "news", so an item about Roborock leaves Xiaomi's page cached.

Changing data gives its generation a new random token: keys built from the old
token are never read again and expire after settings.PAGE_CACHE_SECONDS, which
also bounds how stale a page can get when an invalidation is lost (the cache was
unreachable at that moment) or when time alone changes a page (an announcement
scheduled for now).

The cache is an accelerator, never a dependency: when it fails, pages are
rendered and counts computed as if nothing were cached, and after one failure
this process leaves the cache alone for a while instead of waiting on it again.
"""

import contextlib
import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CATALOGUE = "catalogue"
NEWS = "news"
# After a cache failure, how long this process renders without the cache.
PAUSE_AFTER_FAILURE = 30.0
# Request headers that change what a page view renders (htmx partials).
VARY_ON = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")

# While one process computes a value again, the others serve the last one this long at most.
RECOMPUTE_SECONDS = 30
# A generation's token lives this many page lifetimes (see _generation_seconds).
GENERATION_LIFETIMES = 10

_paused_until = 0.0

T = TypeVar("T")
View = Callable[..., HttpResponse]


def brand_news_generation(slug: str) -> str:
    return f"brand-news:{slug}"


# ---------------------------------------------------------------------------
# Guarding every cache call
# ---------------------------------------------------------------------------


class _Unavailable(Exception):
    """The cache failed or is paused after a failure."""


def _call(method: Callable[..., Any], *args: Any) -> Any:
    global _paused_until
    if time.monotonic() < _paused_until:
        raise _Unavailable
    try:
        return method(*args)
    except (RedisError, OSError) as exc:
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("cache unavailable, pages are rendered uncached for a while: %s", exc)
        raise _Unavailable from exc


def _store(key: str, value: Any, timeout: float | None) -> None:
    """Cache `value` if the cache can be reached; a value not cached is only a miss."""
    with contextlib.suppress(_Unavailable):
        _call(cache.set, key, value, timeout)


# ---------------------------------------------------------------------------
# Generations
# ---------------------------------------------------------------------------


def _generation_seconds() -> int:
    """How long a generation's token is kept: well beyond the values keyed on it.

    Never forever: a request can name a generation (a brand slug nobody
    tracks), and every key an anonymous request creates must expire.
    """
    return max(GENERATION_LIFETIMES * settings.PAGE_CACHE_SECONDS, 60)


def _generation_key(name: str) -> str:
    return f"generation:{name}"


def _tokens(names: Iterable[str]) -> tuple[str, ...]:
    """The current token of each generation, creating those the cache lacks."""
    keys = [_generation_key(name) for name in names]
    found = _call(cache.get_many, keys)
    missing = {key: secrets.token_hex(8) for key in keys if key not in found}
    if missing:
        # Generations outlive the values keyed on them; one that expired only costs misses.
        _call(cache.set_many, missing, _generation_seconds())
        found |= missing
    return tuple(found[key] for key in keys)


def changed(*names: str) -> None:
    """Data of these generations changed: what was cached from it is stale.

    Called inside the transaction that writes, it invalidates at once and again
    after the commit, so a page rendered between the two, from the old rows,
    is not kept either.
    """
    if not names:
        return

    # Fire and forget, not an outbox job: renewing is only an optimisation. A renewal
    # lost while the cache is unreachable leaves pages at most PAGE_CACHE_SECONDS
    # old, and a job caught up by the outbox's sweep (every minute) would not come
    # sooner than that; pages are never more wrong than that bound either way.
    def renew() -> None:
        # If the cache cannot be reached, the stale pages expire after PAGE_CACHE_SECONDS.
        with contextlib.suppress(_Unavailable):
            tokens = {_generation_key(n): secrets.token_hex(8) for n in names}
            _call(cache.set_many, tokens, _generation_seconds())

    renew.names = names  # type: ignore[attr-defined]  # marks it in run_on_commit, below
    renew()
    connection = transaction.get_connection()
    # Once per transaction is enough, however many rows an admin form saved.
    pending = (getattr(func, "names", None) for _, func, _ in connection.run_on_commit)
    if connection.in_atomic_block and names not in pending:
        transaction.on_commit(renew)


def catalogue_changed() -> None:
    """Editors changed brands, ties, categories, aliases or announcements: everything."""
    changed(CATALOGUE)


def news_changed(brand_slugs: Iterable[str] = ()) -> None:
    """News changed, naming these brands (their pages, and every news list)."""
    changed(NEWS, *(brand_news_generation(slug) for slug in sorted(set(brand_slugs))))


# ---------------------------------------------------------------------------
# Cached values and pages
# ---------------------------------------------------------------------------


def _key(kind: str, parts: Iterable[object], depends_on: Iterable[str]) -> str:
    tokens = _tokens([CATALOGUE, *depends_on])
    digest = hashlib.sha256(repr((tuple(parts), tokens)).encode()).hexdigest()
    return f"{kind}:{digest}"


def latest_key(parts: tuple[object, ...]) -> str:
    """Where the last value computed for `parts` is kept, whatever its generations."""
    return f"latest:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def computing_key(parts: tuple[object, ...]) -> str:
    """Present while a process computes the value for `parts` again."""
    return f"computing:{latest_key(parts)}"


def cached_value(
    parts: Iterable[object], compute: Callable[[], T], *, depends_on: Iterable[str] = (NEWS,)
) -> T:
    """compute(), or what it returned before while the generations are unchanged.

    When the generations changed (news arrived), one process computes the value
    again while the others answer with the last value computed, for at most
    RECOMPUTE_SECONDS: an expensive count is then counted once at a time, not
    by every worker that asks while news keeps arriving.
    """
    parts = tuple(parts)
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    latest = latest_key(parts)
    try:
        key = _key("value", parts, depends_on)
        value = _call(cache.get, key)
        if value is not None:
            return value
        computing = _call(cache.add, computing_key(parts), 1, RECOMPUTE_SECONDS)
        if not computing:
            stale = _call(cache.get, latest)
            if stale is not None:
                return stale
    except _Unavailable:
        return compute()
    value = compute()
    _store(key, value, settings.PAGE_CACHE_SECONDS)
    _store(latest, value, _generation_seconds())
    if computing:
        with contextlib.suppress(_Unavailable):
            _call(cache.delete, computing_key(parts))
    return value


def cached_page(depends_on: Callable[..., Iterable[str]]) -> Callable[[View], View]:
    """Cache a public view's successful GET responses, per host, URL, language and htmx request.

    `depends_on(request, **kwargs)` names the generations besides "catalogue"
    the page shows. Pages must not depend on the visitor (no CSRF token, no
    user): a response that sets a cookie is never cached.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = _cached_or_rendered(view, depends_on, request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                _describe_caching(request, response)
            return response

        return wrapper

    return decorator


def _cached_or_rendered(
    view: View,
    depends_on: Callable[..., Iterable[str]],
    request: HttpRequest,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return view(request, *args, **kwargs)
    parts = (
        request.get_host(),  # one site may answer to several names
        request.get_full_path(),
        request.LANGUAGE_CODE,
        *(request.headers.get(name, "") for name in VARY_ON),
    )
    try:
        key = _key("page", parts, depends_on(request, *args, **kwargs))
        stored = _call(cache.get, key)
    except _Unavailable:
        return view(request, *args, **kwargs)
    if stored is not None:
        content, headers = stored
        return HttpResponse(content, headers=headers)
    response = view(request, *args, **kwargs)
    if _cacheable(response):
        if hasattr(response, "render"):
            response.render()
        stored = (response.content, dict(response.items()))
        _store(key, stored, settings.PAGE_CACHE_SECONDS)
    return response


def _describe_caching(request: HttpRequest, response: HttpResponse) -> None:
    """Tell browsers and shared caches what the page depends on and how long it holds.

    The same URL answers a whole page or an htmx fragment, in the language of
    the visitor's cookie or browser: a cache that ignored those headers would
    show a fragment after Back, or one visitor's language to another. Someone
    signed in (an editor checking their change) always gets the current page.
    """
    patch_vary_headers(response, (*VARY_ON, "Cookie", "Accept-Language"))
    signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
    if response.status_code == 200 and not response.cookies and not signed_in:
        patch_cache_control(response, public=True, max_age=max(0, settings.PAGE_CACHE_SECONDS))
    else:
        patch_cache_control(response, no_cache=True)


def _cacheable(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.cookies and not response.streaming


def news_everywhere(request: HttpRequest, *args: Any, **kwargs: Any) -> tuple[str]:
    """For pages that show news of any brand."""
    return (NEWS,)
