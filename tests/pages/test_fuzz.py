"""Property-based tests (hypothesis) of the URLs, which take anything from anyone.

Every page and API route, with random slugs and random values for the real query
parameters, never answers 5xx. Examples that once found a bug are pinned as plain tests
at the end. Runs are derandomized so CI sees the same examples each time; FUZZ_RANDOM=1
explores anew.
"""

import string
from urllib.parse import quote

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tests.factories import AnnouncementFactory, SourceFactory, bulk_news
from tests.support import fuzz

# --- The routes ------------------------------------------------------------------------------

ROUTES = [
    "/",
    "/brands/",
    "/brands/{slug}/",
    "/brands/{slug}/feed/",
    "/categories/{slug}/",
    "/categories/{slug}/feed/",
    "/news/",
    "/api/brands/",
    "/api/brands/{slug}/",
    "/api/news/",
    "/api/announcements/",
    "/healthz",
]
PARAMETERS = ["category", "kind", "brand", "q", "since", "until", "before", "page", "include"]
REAL_VALUES = st.sampled_from(
    ["xiaomi", "roborock", "smartphones", "robot-vacuums", "sub_brand", "parent", "tied",
     "2026-03-02", "2026-03-02T10:00:00Z", "0001-01-01", "9999-12-31", "1", "0", "-1", "2",
     "99999999999999999999", "2026-03-02T10:00:00+00:00~1", "0001-01-01T00:00:00+14:00~1",
     "9999-12-31T23:59:59-14:00~1", "2026-03-02T10:00:00+00:00~99999999999999999999",
     "\x00", "%00", "小米", "' OR 1=1 --", "a" * 300]
)  # fmt: skip
VALUE = st.one_of(REAL_VALUES, st.text(max_size=40), st.integers().map(str))
SLUG = st.one_of(
    st.sampled_from(["xiaomi", "redmi", "smartphones", "robot-vacuums", "nokia"]),
    st.text(min_size=1, max_size=40),
    st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=300),
    st.text(min_size=1, max_size=10).map(lambda s: quote(s, safe="")),
    st.sampled_from(["%00", "%2e%2e", "..", "%2F", "a%20b", "%E5%B0%8F%E7%B1%B3", "x" * 3000]),
)
QUERY = st.dictionaries(
    st.sampled_from(PARAMETERS), st.one_of(VALUE, st.lists(VALUE, min_size=1, max_size=3))
)


@pytest.fixture
def content(db):
    """Some news (enough for two pages), and an announcement."""
    from ecosystem.brands.models import Brand, ProductCategory

    xiaomi = Brand.objects.get(slug="xiaomi")
    bulk_news(25, brands=[xiaomi], categories=[ProductCategory.objects.get(slug="smartphones")])
    bulk_news(3, source=SourceFactory(), brands=[Brand.objects.get(slug="roborock")])
    AnnouncementFactory(brands=[xiaomi])


def path_for(route: str, slug: str) -> str:
    if "{slug}" not in route:
        return route
    # A slug with "/" or "?" would address another route or the query: keep it one segment.
    return route.replace("{slug}", slug.replace("/", "%2F").replace("?", "%3F").replace("#", ""))


def assert_no_server_error(client, path, query, headers=None):
    response = client.get(path, query, headers=headers or {})
    assert response.status_code < 500, f"{path} {query!r}: {response.status_code}"


# No shrinking: each step is a request, and a found case is pinned in FOUND below anyway.
@settings(fuzz(400), phases=[Phase.explicit, Phase.generate])
@given(route=st.sampled_from(ROUTES), slug=SLUG, query=QUERY, htmx=st.booleans())
def test_no_route_answers_5xx_to_any_slug_or_parameters(client, content, route, slug, query, htmx):
    headers = {"HX-Request": "true"} if htmx else None
    assert_no_server_error(client, path_for(route, slug), query, headers)


# --- Regressions: examples the fuzzers found --------------------------------------------------

FOUND = [
    # (route, slug, query). A cursor whose date lies before year 1 in UTC: OverflowError
    # in Django's conversion to UTC (paging.parse_cursor accepts it).
    ("/brands/{slug}/", "xiaomi", {"before": "0001-01-01T00:00:00+14:00~1"}),
    ("/categories/{slug}/", "smartphones", {"before": "0001-01-01T00:00:00+14:00~1"}),
    ("/news/", "", {"before": "0001-01-01T00:00:00+14:00~1"}),
    ("/news/", "", {"before": "9999-12-31T23:59:59-14:00~1"}),  # after year 9999 in UTC
    # An id larger than any BigAutoField: "Python int too large to convert to SQLite INTEGER".
    ("/brands/{slug}/", "xiaomi", {"before": "2026-03-02T10:00:00+00:00~99999999999999999999"}),
]


@pytest.mark.parametrize(("route", "slug", "query"), FOUND)
def test_a_found_example_does_not_answer_5xx(client, content, route, slug, query):
    assert_no_server_error(client, path_for(route, slug), query)
