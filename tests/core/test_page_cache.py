"""Public pages and news counts are cached: once per language, host and htmx request, never
with a cookie, and not at all when the cache is unreachable or turned off."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, override_settings

from ecosystem.core import page_cache
from tests.factories import NewsItemFactory
from tests.support import text

pytestmark = pytest.mark.django_db

PAGES = ["/", "/brands/", "/brands/roborock/", "/categories/robot-vacuums/", "/news/"]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_is_rendered_once_then_served_from_the_cache(client, django_assert_num_queries, url):
    first = text(client, url)
    with django_assert_num_queries(0):
        assert text(client, url) == first


def test_languages_and_htmx_partials_are_cached_apart(client):
    english = text(client, "/brands/?kind=sub_brand")
    partial = text(client, "/brands/?kind=sub_brand", headers={"HX-Request": "true"})
    german = text(client, "/brands/?kind=sub_brand", headers={"Accept-Language": "de"})
    assert "<html" in english and "<html" not in partial
    assert 'lang="en"' in english and 'lang="de"' in german


def test_public_pages_set_no_cookie_so_one_copy_serves_everyone(client):
    for url in PAGES:
        assert not client.get(url).cookies, url


def test_the_language_switch_needs_no_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/brands/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "de"
    assert "Marken" in text(client, "/brands/")


# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
}


@pytest.fixture
def unreachable_cache(monkeypatch):
    # Restored afterwards: the pause that follows a cache failure.
    monkeypatch.setattr(page_cache, "_paused_until", 0.0)
    with override_settings(CACHES=UNREACHABLE):
        yield


def test_an_unreachable_cache_costs_rendering_and_nothing_else(
    client, unreachable_cache, caplog, django_assert_num_queries
):
    NewsItemFactory(title="Saved while the cache is away")  # invalidation fails quietly
    for _ in range(2):
        html = text(client, "/news/")
        assert "Saved while the cache is away" in html
    assert client.get("/api/news/").json()["count"] == 1
    assert "cache unavailable" in caplog.text
    with django_assert_num_queries(3):  # rendered again: nothing was cached
        text(client, "/news/")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_page_cache_seconds_zero_turns_caching_off(client, django_assert_num_queries):
    text(client, "/news/")
    with django_assert_num_queries(3):
        text(client, "/news/")


def test_only_plain_successful_responses_are_kept(rf):
    rendered = []

    @page_cache.cached_page(lambda request: ())
    def view(request):
        rendered.append(request.get_full_path())
        response = HttpResponse("body", status=int(request.GET["status"]))
        if "cookie" in request.GET:
            response.set_cookie("visitor", "1")
        return response

    for query in ["status=503", "status=200&cookie=1", "status=200"]:
        for _ in range(2):
            request = rf.get(f"/page/?{query}")
            request.LANGUAGE_CODE = "en"
            assert view(request).status_code == int(request.GET["status"])
    assert rendered.count("/page/?status=503") == 2
    assert rendered.count("/page/?status=200&cookie=1") == 2
    assert rendered.count("/page/?status=200") == 1


def test_each_host_name_gets_its_own_copy(client, settings, django_assert_num_queries):
    settings.ALLOWED_HOSTS = ["testserver", "tracker.example.com"]
    text(client, "/brands/")
    with django_assert_num_queries(3):  # rendered again, not the other name's copy
        text(client, "/brands/", headers={"Host": "tracker.example.com"})


class TestCachedValue:
    """Values (counts) are computed once per generation, and once at a time."""

    @pytest.fixture(autouse=True)
    def caching(self, settings):
        settings.PAGE_CACHE_SECONDS = 60

    def test_a_value_is_computed_once_until_news_changes(self):
        calls = []

        def count():
            calls.append(1)
            return len(calls)

        assert page_cache.cached_value(["n"], count) == 1
        assert page_cache.cached_value(["n"], count) == 1
        page_cache.news_changed()
        assert page_cache.cached_value(["n"], count) == 2

    def test_while_another_process_recounts_the_last_value_is_served(self):
        page_cache.cached_value(["n"], lambda: 41)
        page_cache.news_changed()
        # Another worker has started counting again after the news arrived.
        cache.add(page_cache.computing_key(("n",)), 1, 30)

        assert page_cache.cached_value(["n"], lambda: 42) == 41

        cache.delete(page_cache.computing_key(("n",)))
        assert page_cache.cached_value(["n"], lambda: 42) == 42

    def test_with_nothing_counted_before_it_is_computed_even_while_another_counts(self):
        cache.add(page_cache.computing_key(("fresh",)), 1, 30)

        assert page_cache.cached_value(["fresh"], lambda: 7) == 7
