"""`manage.py fetch_feed` and `manage.py fetch_sources`."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecosystem.news.models import Mention, NewsItem, Source
from tests.factories import SourceFactory
from tests.subprocess_django import PRODUCTION, run_django

pytestmark = pytest.mark.django_db

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>Roborock one</title><guid>1</guid></item>"
    "<item><title>Dreame two</title><guid>2</guid></item></channel></rss>"
)


def fetch_feed(*args):
    out = io.StringIO()
    call_command("fetch_feed", *args, stdout=out)
    return out.getvalue().strip()


def test_fetch_feed_creates_the_source_and_prints_a_summary(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    url = feed_server.url_for("/feed.xml")
    assert fetch_feed(url, "--name", "Test news", "--language", "en") == (
        "2 new, 0 updated, 0 unchanged"
    )
    source = Source.objects.get(url=url)
    assert (source.name, source.language) == ("Test news", "en")
    assert fetch_feed(url) == "0 new, 0 updated, 2 unchanged"
    assert Source.objects.count() == 1 and NewsItem.objects.count() == 2


def test_fetch_feed_fails_with_one_clear_line(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data("gone", status=404)
    with pytest.raises(CommandError, match=r"HTTP 404") as error:
        fetch_feed(feed_server.url_for("/feed.xml"))
    assert "\n" not in str(error.value)


def test_fetch_feed_refuses_what_is_not_a_web_address():
    with pytest.raises(CommandError, match="not a http"):
        fetch_feed("file:///etc/passwd")
    assert not Source.objects.exists()


def test_fetch_feed_exits_1_with_the_message_on_stderr(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    assert run_django("migrate", env=env).returncode == 0
    result = run_django("fetch_feed", "http://127.0.0.1:9/feed.xml", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "CommandError: http://127.0.0.1:9/feed.xml: refused: 127.0.0.1 is not a public address"
    )


def test_fetch_sources_fetches_the_due_ones(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    Source.objects.create(name="Due", url=feed_server.url_for("/feed.xml"))
    Source.objects.create(name="Off", url=feed_server.url_for("/off.xml"), active=False)
    out = io.StringIO()
    call_command("fetch_sources", stdout=out)
    assert "Due: 2 new, 0 updated, 0 unchanged" in out.getvalue()
    assert "1 due, 0 failed." in out.getvalue()


def test_fetch_feed_leaves_a_source_another_worker_is_fetching_alone(feed_server):
    url = feed_server.url_for("/feed.xml")
    Source.objects.create(
        name="Busy", url=url, leased_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    with pytest.raises(CommandError, match="another worker is fetching it"):
        fetch_feed(url)
    assert feed_server.log == []


# --- fetch_feed --dry-run: what the next fetch would store, written nowhere ---------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
WRITES = ("INSERT", "UPDATE", "DELETE")


def table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in (Source, NewsItem, Mention, NewsItem.categories.through)
    }


def dry_run_lines(*urls):
    out = io.StringIO()
    call_command("fetch_feed", "--dry-run", "--json", *urls, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_dry_run_prints_each_entry_as_the_pipeline_reads_it(feed_server):
    feed_server.expect_request("/mixed.xml").respond_with_data(
        (FIXTURES / "dry-run-mixed.xml").read_bytes(), content_type="application/rss+xml"
    )
    url = feed_server.url_for("/mixed.xml")
    german, chinese, short = dry_run_lines(url)
    assert german == {
        "feed": url,
        "guid": "de-1",
        "title": "Roborock stellt neuen Saugroboter mit Wischfunktion vor",
        "url": "https://news.example.com/roborock-saugroboter",
        "published_at": "2026-03-02T09:15:00Z",
        "summary": "Der Saugroboter kommt im April in den Handel.",
        "language": "de",
        "brands": ["roborock"],
        "categories": ["home-appliances", "robot-vacuums"],
    }
    assert (chinese["language"], chinese["brands"]) == ("zh", ["xiaomi"])
    assert chinese["summary"] == "<p>小米今天发布了新款扫地机器人。</p>"
    # Too short to tell: the feed's own language; no date: null, not the fetch time.
    assert (short["language"], short["published_at"]) == ("de", None)
    assert short["url"] == feed_server.url_for("/redmi-k80-pro")
    assert short["brands"] == ["redmi"]


def test_dry_run_writes_nothing(feed_server):
    feed_server.expect_request("/mixed.xml").respond_with_data(
        (FIXTURES / "dry-run-mixed.xml").read_bytes()
    )
    before = table_sizes()
    with CaptureQueriesContext(connection) as queries:
        assert len(dry_run_lines(feed_server.url_for("/mixed.xml"))) == 3
    assert table_sizes() == before
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_dry_run_reports_each_failing_feed_on_its_own_line(feed_server):
    feed_server.expect_request("/gone.xml").respond_with_data("gone", status=404)
    feed_server.expect_request("/page.html").respond_with_data("<html><body>hi</body></html>")
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    gone, page, feed = (feed_server.url_for(p) for p in ("/gone.xml", "/page.html", "/feed.xml"))
    lines = dry_run_lines(gone, "file:///etc/passwd", page, feed)
    assert lines[0] == {"feed": gone, "error": lines[0]["error"]} and "404" in lines[0]["error"]
    assert lines[1]["feed"] == "file:///etc/passwd" and "not a http" in lines[1]["error"]
    assert lines[2] == {
        "feed": page,
        "error": (
            "not a feed: the document is an HTML page that names no feed and links no articles"
        ),
    }
    assert [line["title"] for line in lines[3:]] == ["Roborock one", "Dreame two"]
    assert not Source.objects.exists()


def test_dry_run_uses_the_language_of_a_known_source(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    url = feed_server.url_for("/feed.xml")
    SourceFactory(url=url, language="en-GB")
    assert {line["language"] for line in dry_run_lines(url)} == {"en-GB"}


def test_dry_run_without_json_prints_a_readable_list(feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(FEED)
    url = feed_server.url_for("/feed.xml")
    output = fetch_feed("--dry-run", url)
    assert output.splitlines()[0] == f"{url}: 2 entries"
    assert "Roborock one  (roborock)" in output


def test_json_goes_with_dry_run_and_several_urls_too():
    with pytest.raises(CommandError, match="--json goes with --dry-run"):
        fetch_feed("--json", "https://example.com/feed.xml")
    with pytest.raises(CommandError, match="one URL at a time"):
        fetch_feed("https://example.com/a.xml", "https://example.com/b.xml")


def test_dry_run_queries_do_not_grow_with_the_entries(feed_server):
    def feed(count):
        items = "".join(
            f"<item><title>Roborock story {n}</title><guid>{n}</guid></item>" for n in range(count)
        )
        return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'

    feed_server.expect_request("/three.xml").respond_with_data(feed(3))
    feed_server.expect_request("/thirty.xml").respond_with_data(feed(30))
    counts = []
    for path in ("/three.xml", "/thirty.xml"):
        with CaptureQueriesContext(connection) as queries:
            dry_run_lines(feed_server.url_for(path))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Web pages -------------------------------------------------------------------------

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.fixture
def site(feed_server, settings):
    settings.ARTICLES_HOST_DELAY = 0
    feed_server.expect_request("/robots.txt").respond_with_data("", status=404)
    return feed_server


def test_fetch_feed_of_a_page_follows_the_feed_it_names_and_knows_the_page_again(site):
    site.expect_request("/blog/").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head><body></body></html>",
        content_type="text/html",
    )
    site.expect_request("/feed.xml").respond_with_data(FEED)
    page, feed = site.url_for("/blog/"), site.url_for("/feed.xml")
    assert fetch_feed(page).splitlines() == [
        f"{page}: the page names the feed {feed}: the source reads it from now on",
        "2 new, 0 updated, 0 unchanged",
    ]
    assert fetch_feed(page) == "0 new, 0 updated, 2 unchanged"
    source = Source.objects.get()
    assert (source.url, source.page_url) == (feed, page)


def test_fetch_feed_of_a_newsroom_reads_its_articles(site):
    site.expect_request("/newsroom").respond_with_data(
        (PAGES / "newsroom.html").read_bytes(), content_type="text/html"
    )
    site.expect_request("/newsroom/saros-z70-launch").respond_with_data(
        (PAGES / "articles" / "saros-z70-launch.html").read_bytes(), content_type="text/html"
    )
    url = site.url_for("/newsroom")
    SourceFactory(url=url, kind=Source.Kind.PAGE, link_selector="article h2 a[href*=saros]")
    assert fetch_feed(url) == "1 new, 0 updated, 0 unchanged"
    assert NewsItem.objects.get().title.startswith("Roborock unveils the Saros Z70")


def test_dry_run_of_a_newsroom_prints_its_articles_and_writes_nothing(site):
    site.expect_request("/newsroom").respond_with_data(
        (PAGES / "newsroom.html").read_bytes(), content_type="text/html"
    )
    for name in ("saros-z70-launch", "qrevo-curv-europe", "ces-2026-awards"):
        site.expect_request(f"/newsroom/{name}").respond_with_data(
            (PAGES / "articles" / f"{name}.html").read_bytes(), content_type="text/html"
        )
    site.expect_request("/newsroom/h1-washer-dryer-china").respond_with_data("gone", status=404)
    url = site.url_for("/newsroom")
    lines = dry_run_lines(url)
    assert [(line["title"], line["published_at"]) for line in lines] == [
        (
            "Roborock unveils the Saros Z70, a robot vacuum with a folding arm",
            "2026-01-06T01:00:00Z",
        ),
        ("The Qrevo Curv comes to Europe with a curved base station", "2026-02-12T09:30:00Z"),
        ("Three CES 2026 innovation awards for Roborock", "2026-01-02T08:00:00Z"),
        ("H1 washer-dryer goes on sale in China", None),
    ]
    assert lines[0]["brands"] == ["roborock"]
    assert not Source.objects.exists() and not NewsItem.objects.exists()
    assert "a page listing articles: 0 stored already" in fetch_feed("--dry-run", url)
