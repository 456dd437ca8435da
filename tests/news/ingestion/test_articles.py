"""Article pages: fetched politely through the guarded fetcher, their main text read out."""

import datetime
import threading

import pytest
from django.db import connection

from ecosystem.news.ingestion.articles import ArticleError, extract_article, fetch_article
from ecosystem.news.models import HostSlot
from tests.article_server import ARTICLES

pytestmark = pytest.mark.django_db

BOILERPLATE = ("Dreame", "Yeelight", "POCO", "Amazfit", "Segway", "Redmi", "Xiaomi", "newsletter")


def test_the_main_text_is_read_without_navigation_sidebars_related_lists_comments_or_footer(
    article_server,
):
    url = article_server.serve("/reviews/roborock-s9.html")
    article = fetch_article(url)
    assert article.text.count("Roborock") == 3
    assert "lifts its mop pads" in article.text and "cheaper version" in article.text
    assert not [word for word in BOILERPLATE if word in article.text]
    assert article.title == "Roborock S9 MaxV review: the mop that lifts itself"
    assert article.published_at == datetime.datetime(2026, 3, 2, 8, 30, tzinfo=datetime.UTC)
    assert article.canonical_url == article_server.url("/reviews/roborock-s9-maxv")
    assert article.language == "en"
    assert "\n\n" in article.text  # paragraphs kept apart


def test_the_request_names_the_product_and_asks_for_html(article_server, settings):
    fetch_article(article_server.serve("/reviews/roborock-s9.html"))
    page = article_server.visits[-1]
    assert page.user_agent == settings.FEEDS_USER_AGENT
    assert "XiaomiEcosystemTracker" in page.user_agent and "+http" in page.user_agent
    assert page.accept.startswith("text/html")


@pytest.mark.parametrize(
    ("fixture", "title", "words"),
    [
        ("saugroboter.html", "Dreame L40 Ultra im Test", ("Wischmopp", "Saugroboter")),
        ("xiaomi-su7.html", "小米SU7 Ultra 正式交付", ("交付", "赛道")),
    ],
)
def test_german_and_chinese_pages(fixture, title, words):
    article = extract_article((ARTICLES / fixture).read_bytes(), url="https://news.example/a")
    assert article.title.startswith(title)
    assert all(word in article.text for word in words)
    assert article.published_at is not None
    assert "Kommentare" not in article.text and "相关阅读" not in article.text


def test_dates_come_from_json_ld_or_time_when_open_graph_has_none():
    ld = (
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, '
        '{"@type": ["NewsArticle"], "headline": "Mijia lamp", "datePublished": '
        '"2026-02-01T10:00:00+08:00"}]}</script></head><body><article><p>'
        + "The Mijia desk lamp 2 gets a brighter panel and a new stand. " * 8
        + "</p></article></body></html>"
    )
    article = extract_article(ld, url="https://news.example/a")
    assert article.title == "Mijia lamp"
    assert article.published_at == datetime.datetime(2026, 2, 1, 2, 0, tzinfo=datetime.UTC)
    timed = ld.replace("datePublished", "x").replace(
        "<article>", '<article><time datetime="2026-01-05T07:00:00Z">5 Jan</time>'
    )
    assert extract_article(timed, url="https://news.example/a").published_at == (
        datetime.datetime(2026, 1, 5, 7, 0, tzinfo=datetime.UTC)
    )


def test_robots_txt_is_obeyed_and_read_once(article_server):
    article_server.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    blocked = article_server.serve(
        "/private/roborock-s9.html", (ARTICLES / "roborock-s9.html").read_bytes()
    )
    allowed = article_server.serve("/reviews/roborock-s9.html")
    with pytest.raises(ArticleError, match="robots.txt") as caught:
        fetch_article(blocked)
    assert not caught.value.transient
    fetch_article(allowed)
    fetch_article(allowed)
    assert article_server.paths() == [
        "/robots.txt", "/reviews/roborock-s9.html", "/reviews/roborock-s9.html"
    ]  # fmt: skip


def test_robots_txt_rules_for_the_product_apply(article_server):
    article_server.serve("/robots.txt", "User-agent: XiaomiEcosystemTracker\nDisallow: /\n")
    with pytest.raises(ArticleError, match="robots.txt"):
        fetch_article(article_server.serve("/reviews/roborock-s9.html"))
    assert article_server.paths() == ["/robots.txt"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # threads see the slot
def test_one_page_at_a_time_per_host_with_a_pause_between(article_server, settings):
    settings.ARTICLES_HOST_DELAY = 0.3
    page = (ARTICLES / "roborock-s9.html").read_bytes()
    urls = [article_server.serve(f"/reviews/{n}/s9.html", page, delay=0.1) for n in range(4)]
    errors = []

    def read(url):
        try:
            fetch_article(url)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()  # the thread's own connection

    threads = [threading.Thread(target=read, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert article_server.busiest == 1
    visits = sorted(article_server.visits, key=lambda visit: visit.started)
    assert len(visits) == 5  # robots.txt and four pages
    gaps = [after.started - before.ended for before, after in zip(visits, visits[1:], strict=False)]
    assert min(gaps) >= 0.29
    assert HostSlot.objects.count() == 1


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ({"status": 404}, "HTTP 404"),
        ({"content_type": "application/pdf", "body": b"%PDF-1.7\x00\x01"}, "not a web page"),
        ({"body": b"\x00\x01\x02" * 1000}, "binary"),
        ({"body": b"<html><body><nav>Home</nav></body></html>"}, "no article text"),
        (
            {"body": b"<div>" * 100_000 + b"Roborock" + b"</div>" * 100_000},
            "unreadable page|no article text",
        ),
    ],
)
def test_bad_pages_are_one_line_errors(article_server, page, message):
    body = page.pop("body", b"")
    url = article_server.serve("/a.html", body, **page)
    with pytest.raises(ArticleError, match=message) as caught:
        fetch_article(url)
    assert "\n" not in str(caught.value)


def test_a_huge_page_is_refused(article_server, settings):
    settings.ARTICLES_MAX_BYTES = 100_000
    url = article_server.serve("/huge.html", b"<html><body><p>" + b"Roborock " * 50_000)
    with pytest.raises(ArticleError, match="too large"):
        fetch_article(url)


def test_an_endless_page_times_out(article_server, settings):
    settings.FEEDS_TOTAL_TIMEOUT = 1
    url = article_server.serve("/endless.html", b"", endless=True, delay=0.05)
    with pytest.raises(ArticleError, match="timed out") as caught:
        fetch_article(url)
    assert caught.value.transient


def test_private_addresses_stay_refused(article_server, settings):
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(ArticleError, match="not a public address"):
        fetch_article(article_server.serve("/reviews/roborock-s9.html"))
    assert article_server.visits == []
