"""PostgreSQL goes away under a running web server, then comes back.

While it is away, pages in the page cache are still served from it, every other page
answers the clear 503 page (no traceback, a Retry-After), and /healthz names the
database; once it is back the same gunicorn worker serves every page again: nothing
is restarted.
"""

import json

import pytest

from ecosystem.core.unavailable import API_MESSAGE

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

# Cached whole once served (ecosystem/page_cache.py).
CACHED_PAGES = ["/", "/brands/", "/brands/xiaomi/", "/categories/smartphones/", "/news/"]
OTHER_PAGES = [
    "/brands/xiaomi/feed/",
    "/api/brands/",
    "/api/brands/xiaomi/",
    "/api/news/",
    "/api/announcements/",
]
PAGES = CACHED_PAGES + OTHER_PAGES


def assert_all_served(web):
    for path in PAGES:
        page = web.get(path)
        assert page.status == 200, f"{path}: {page.status}\n{page.text[:500]}"
    assert web.get("/healthz").status == 200


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_pages_answer_503_while_postgres_is_down_and_recover_without_a_restart(
    children, postgres_server, how
):
    web = children.web()
    assert_all_served(web)  # the worker now holds a persistent connection (CONN_MAX_AGE)
    served = {path: web.get(path).text for path in CACHED_PAGES}

    if how == "stop":
        postgres_server.stop()  # clean shutdown: the server closes every connection
    else:
        postgres_server.kill()  # crash: the sockets just die
    try:
        for path in CACHED_PAGES:
            page = web.get(path)
            assert page.status == 200 and page.text == served[path], path
        # The same pages with a query string nobody asked for yet are not in the cache.
        for path in [*OTHER_PAGES, *(f"{path}?q=outage" for path in CACHED_PAGES)]:
            page = web.get(path)
            assert page.status == 503, f"{path}: {page.status}\n{page.text[:500]}"
            if path.startswith("/api/"):
                assert json.loads(page.text) == {"detail": API_MESSAGE}, path
            else:
                assert "Temporarily unavailable" in page.text, path
            assert "Traceback" not in page.text and "psycopg" not in page.text, path
            assert page.headers.get("Retry-After") == "30", path
            assert page.seconds < 10, f"{path} took {page.seconds:.1f} s"
        # A signed-in editor's session cannot be read either: the same page, not a 500.
        admin = web.get("/admin/", headers={"Cookie": "sessionid=0123456789abcdefghijklmnopqrstuv"})
        assert admin.status == 503 and "Traceback" not in admin.text
        health = web.get("/healthz")
        assert health.status == 503
        assert json.loads(health.text)["failing"] == ["database"]
    finally:
        postgres_server.start()

    assert_all_served(web)
    assert web.child.alive()
    assert web.booted_workers() == 1, web.child.output()[-2000:]
