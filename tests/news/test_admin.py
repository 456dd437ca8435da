"""The news admin: feed health, the two source actions, and curating which brands an item names."""

import datetime
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from ecosystem.core import outbox
from ecosystem.core.models import Job
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import Detachment, Mention, NewsItem, Source
from tests.factories import (
    BrandFactory,
    CategoryFactory,
    NewsItemFactory,
    SourceFactory,
    administrator,
    editor,
)

pytestmark = pytest.mark.django_db

SOURCES = reverse("admin:news_source_changelist")
ITEMS = reverse("admin:news_newsitem_changelist")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def item_url(item):
    return reverse("admin:news_newsitem_change", args=[item.pk])


@pytest.fixture
def admin_client_(client):
    client.force_login(administrator())
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(editor())
    return client


# Sources ---------------------------------------------------------------------


@pytest.mark.parametrize("role", [editor, administrator])
def test_the_source_pages_open_for_both_roles(client, role):
    client.force_login(role())
    source = SourceFactory()
    for url in (SOURCES, reverse("admin:news_source_change", args=[source.pk])):
        assert client.get(url).status_code == 200, url


PREVIEW_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>小米发布新款扫地机器人，售价1999元</title><guid>zh-1</guid>"
    "<link>https://news.example.com/1</link>"
    "<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item></channel></rss>"
)


@pytest.mark.parametrize("role", [editor, administrator])
def test_a_source_page_previews_the_next_fetch_and_saves_nothing(client, role, feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(PREVIEW_FEED)
    source = SourceFactory(url=feed_server.url_for("/feed.xml"), language="de")
    client.force_login(role())
    preview_url = reverse("admin:news_source_preview", args=[source.pk])
    assert (
        preview_url
        in client.get(reverse("admin:news_source_change", args=[source.pk])).content.decode()
    )

    response = client.get(preview_url)

    assert response.status_code == 200
    (entry,) = response.context["preview"].entries
    assert (entry.title, entry.language, entry.brands) == (
        "小米发布新款扫地机器人，售价1999元",
        "zh",
        ["xiaomi"],
    )
    html = response.content.decode()
    assert "2026-03-02 08:00 UTC" in html and "小米发布新款扫地机器人" in html
    assert not NewsItem.objects.exists()
    source.refresh_from_db()
    assert source.last_fetched_at is None


def test_the_preview_shows_the_error_the_fetch_would_record(admin_client_, feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data("<html><body>hi</body></html>")
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    response = admin_client_.get(reverse("admin:news_source_preview", args=[source.pk]))
    assert (
        'class="errornote">not a feed: the document is an HTML page that names no feed '
        "and links no articles<" in response.content.decode()
    )


def test_the_preview_is_for_staff_only(client):
    source = SourceFactory()
    response = client.get(reverse("admin:news_source_preview", args=[source.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_only_administrators_add_sources(client):
    client.force_login(editor())
    assert client.get(reverse("admin:news_source_add")).status_code == 403
    client.force_login(administrator())
    assert client.get(reverse("admin:news_source_add")).status_code == 200


def test_the_source_list_shows_the_last_error(admin_client_):
    SourceFactory(name="Broken feed", last_status="failed", last_error="HTTP 503 from the server")
    html = admin_client_.get(SOURCES).content.decode()
    assert "HTTP 503 from the server" in html


def test_the_feed_health_summary_counts_failing_and_paused_sources(admin_client_):
    now = timezone.now()
    paused_since = now - datetime.timedelta(days=3)
    SourceFactory(name="Healthy", last_status="ok")
    SourceFactory(
        name="Flaky",
        last_status="failed",
        consecutive_failures=2,
        last_error="timed out",
        last_error_at=now - datetime.timedelta(hours=1),
    )
    SourceFactory(
        name="Dead",
        last_status="failed",
        consecutive_failures=8,
        last_error="HTTP 404",
        last_error_at=now,
        paused_at=paused_since,
    )
    SourceFactory(name="Switched off", active=False, last_status="failed")
    response = admin_client_.get(SOURCES)
    health = response.context["health"]
    assert (health["failing"], health["paused"]) == (1, 1)
    assert health["paused_since"] == paused_since
    assert [s.name for s in health["failing_sources"]] == ["Flaky"]
    assert [s.name for s in health["paused_sources"]] == ["Dead"]
    html = response.content.decode()
    assert "Feed health" in html and "1 failing" in html and "1 paused" in html
    assert paused_since.strftime("%Y-%m-%d %H:%M") in html


FIXTURES = Path(__file__).parent.parent / "fixtures" / "feeds"


def fetch_jobs():
    return sorted(
        Job.objects.filter(kind="news.fetch").values_list("arguments__source_id", "handed_at")
    )


def test_fetch_now_writes_one_fetch_job_per_selected_source(admin_client_):
    first, second, _ = SourceFactory(), SourceFactory(), SourceFactory()
    response = admin_client_.post(
        SOURCES,
        {"action": "fetch_now", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "index": 0},
        follow=True,
    )
    assert [source for source, _ in fetch_jobs()] == [first.pk, second.pk]
    assert messages_of(response) == [
        "Fetching 2 sources in the background; their status shows here when done."
    ]


def test_fetch_now_keeps_the_fetch_while_the_task_queue_is_down(
    admin_client_, broker_down, django_capture_on_commit_callbacks
):
    source = SourceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            SOURCES, {"action": "fetch_now", ACTION_CHECKBOX_NAME: [source.pk]}, follow=True
        )
    assert fetch_jobs() == [(source.pk, None)]  # not handed over: the sweep will
    assert messages_of(response) == [
        "Fetching 1 source in the background; its status shows here when done."
    ]


def test_the_fetch_job_fetches_the_source(admin_client_, feed_server):
    feed_server.expect_request("/feed.xml").respond_with_data(
        (FIXTURES / "parse-atom.xml").read_bytes(), content_type="application/atom+xml"
    )
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    admin_client_.post(SOURCES, {"action": "fetch_now", ACTION_CHECKBOX_NAME: [source.pk]})
    assert outbox.process_due() == {"done": 1}
    source.refresh_from_db()
    assert source.last_status == Source.Status.OK and source.items.exists()


def test_re_enable_clears_the_pause_and_the_failures_and_makes_the_source_due(admin_client_):
    paused = SourceFactory(
        paused_at=timezone.now(),
        consecutive_failures=8,
        next_fetch_at=timezone.now() + datetime.timedelta(hours=12),
    )
    untouched = SourceFactory(paused_at=timezone.now(), consecutive_failures=8)
    response = admin_client_.post(
        SOURCES, {"action": "reenable", ACTION_CHECKBOX_NAME: [paused.pk]}, follow=True
    )
    paused.refresh_from_db()
    assert paused.paused_at is None and paused.consecutive_failures == 0
    assert abs(paused.next_fetch_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert Source.objects.get(pk=untouched.pk).paused_at is not None
    assert messages_of(response) == ["1 source re-enabled; it is fetched within a minute."]


def test_editors_get_neither_action(editor_client):
    paused = SourceFactory(paused_at=timezone.now(), consecutive_failures=8)
    response = editor_client.get(SOURCES)
    assert response.context["action_form"] is None  # no action at all: view only
    editor_client.post(SOURCES, {"action": "fetch_now", ACTION_CHECKBOX_NAME: [paused.pk]})
    editor_client.post(SOURCES, {"action": "reenable", ACTION_CHECKBOX_NAME: [paused.pk]})
    assert fetch_jobs() == []
    assert Source.objects.get(pk=paused.pk).paused_at is not None


# News items: curation -----------------------------------------------------------


@pytest.fixture
def matched_item():
    """An item that matching attaches to Roborock and Dreame."""
    item = NewsItemFactory(title="Roborock and Dreame launch new robot vacuums")
    rematch_all()
    assert set(item.brands.values_list("slug", flat=True)) == {"roborock", "dreame"}
    return item


def curation_data(item, *, detach=(), attach=(), undetach=()):
    """The news item change form as the admin posts it, with rows deleted or added."""
    mentions = list(item.mentions.order_by("pk"))
    detachments = list(item.detachments.order_by("pk"))
    data = {
        "mentions-TOTAL_FORMS": len(mentions) + len(attach),
        "mentions-INITIAL_FORMS": len(mentions),
        "mentions-MIN_NUM_FORMS": 0,
        "mentions-MAX_NUM_FORMS": 1000,
        "detachments-TOTAL_FORMS": len(detachments),
        "detachments-INITIAL_FORMS": len(detachments),
        "detachments-MIN_NUM_FORMS": 0,
        "detachments-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for i, mention in enumerate(mentions):
        data[f"mentions-{i}-id"] = mention.pk
        data[f"mentions-{i}-news_item"] = item.pk
        if mention.brand.slug in detach:
            data[f"mentions-{i}-DELETE"] = "on"
    for j, brand in enumerate(attach, start=len(mentions)):
        data[f"mentions-{j}-news_item"] = item.pk
        data[f"mentions-{j}-brand"] = brand.pk
    for i, detachment in enumerate(detachments):
        data[f"detachments-{i}-id"] = detachment.pk
        data[f"detachments-{i}-news_item"] = item.pk
        if detachment.brand.slug in undetach:
            data[f"detachments-{i}-DELETE"] = "on"
    return data


def slugs(item):
    return set(NewsItem.objects.get(pk=item.pk).brands.values_list("slug", flat=True))


@pytest.mark.parametrize("role", [editor, administrator])
def test_the_news_pages_open_for_both_roles(client, role, matched_item):
    client.force_login(role())
    for url in (ITEMS, item_url(matched_item)):
        assert client.get(url).status_code == 200, url


def test_detaching_a_wrong_brand_records_the_decision_and_survives_rematching(
    editor_client, matched_item
):
    roborock = matched_item.mentions.get(brand__slug="roborock").brand
    response = editor_client.post(
        item_url(matched_item), curation_data(matched_item, detach={"roborock"})
    )
    assert response.status_code == 302
    assert slugs(matched_item) == {"dreame"}
    assert Detachment.objects.filter(news_item=matched_item, brand=roborock).exists()
    assert not NewsItem.objects.for_brand(roborock).filter(pk=matched_item.pk).exists()
    rematch_all()
    assert slugs(matched_item) == {"dreame"}


def test_attaching_a_missed_brand_makes_an_editor_mention_that_survives_rematching(
    editor_client, matched_item
):
    yeelight = BrandFactory(slug="not-in-the-text", name="Not In The Text")
    response = editor_client.post(
        item_url(matched_item), curation_data(matched_item, attach=[yeelight])
    )
    assert response.status_code == 302
    mention = Mention.objects.get(news_item=matched_item, brand=yeelight)
    assert (mention.matched_in, mention.alias) == ("editor", "")
    assert mention.published_at == matched_item.published_at
    assert NewsItem.objects.for_brand(yeelight).filter(pk=matched_item.pk).exists()
    rematch_all()
    assert slugs(matched_item) == {"roborock", "dreame", "not-in-the-text"}


def test_attaching_a_brand_already_named_is_refused(editor_client, matched_item):
    dreame = matched_item.brands.get(slug="dreame")
    response = editor_client.post(
        item_url(matched_item), curation_data(matched_item, attach=[dreame])
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data for brand." in response.content.decode()
    assert matched_item.mentions.count() == 2


def test_attaching_a_detached_brand_again_replaces_the_detachment(editor_client, matched_item):
    editor_client.post(item_url(matched_item), curation_data(matched_item, detach={"roborock"}))
    roborock = Detachment.objects.get(news_item=matched_item).brand
    editor_client.post(item_url(matched_item), curation_data(matched_item, attach=[roborock]))
    assert not Detachment.objects.filter(news_item=matched_item).exists()
    assert matched_item.mentions.get(brand=roborock).matched_in == "editor"


def test_deleting_a_detachment_lets_matching_decide_again_at_once(editor_client, matched_item):
    editor_client.post(item_url(matched_item), curation_data(matched_item, detach={"roborock"}))
    assert slugs(matched_item) == {"dreame"}
    editor_client.post(item_url(matched_item), curation_data(matched_item, undetach={"roborock"}))
    assert not Detachment.objects.exists()
    assert slugs(matched_item) == {"roborock", "dreame"}
    assert matched_item.mentions.get(brand__slug="roborock").matched_in == "title"


def test_the_text_of_an_item_is_not_editable(editor_client, matched_item):
    data = curation_data(matched_item)
    data["title"] = "Rewritten"
    editor_client.post(item_url(matched_item), data)
    assert NewsItem.objects.get(pk=matched_item.pk).title.startswith("Roborock and Dreame")


def test_news_items_come_from_feeds_only(admin_client_):
    assert admin_client_.get(reverse("admin:news_newsitem_add")).status_code == 403


# News items: hiding, search and filters -------------------------------------------


def test_hiding_keeps_an_item_but_takes_it_off_the_public_pages(editor_client, matched_item):
    response = editor_client.post(
        ITEMS, {"action": "hide", ACTION_CHECKBOX_NAME: [matched_item.pk]}, follow=True
    )
    assert messages_of(response) == ["1 item hidden: it stays here but is shown on no public page."]
    assert NewsItem.objects.filter(pk=matched_item.pk, hidden=True).exists()
    assert not NewsItem.objects.visible().filter(pk=matched_item.pk).exists()
    editor_client.post(ITEMS, {"action": "unhide", ACTION_CHECKBOX_NAME: [matched_item.pk]})
    assert NewsItem.objects.visible().filter(pk=matched_item.pk).exists()


def test_hidden_items_are_not_visible():
    shown, hidden = NewsItemFactory(), NewsItemFactory(hidden=True)
    assert set(NewsItem.objects.visible()) == {shown}
    assert hidden in NewsItem.objects.all()


def listed(client, **params) -> set[str]:
    response = client.get(ITEMS, params)
    assert response.status_code == 200
    return {item.title for item in response.context["cl"].result_list}


def test_the_news_list_is_searchable_and_filtered_by_brand_category_source_and_date(
    editor_client, matched_item
):
    lamps = CategoryFactory(name="Lamps")
    other_source = SourceFactory(name="Lamp Weekly")
    old = NewsItemFactory(
        title="Yeelight lamp, years ago",
        source=other_source,
        published_at=timezone.now() - datetime.timedelta(days=400),
    )
    rematch_all()
    old.categories.add(lamps)  # after matching, which chooses categories afresh
    roborock = matched_item.brands.get(slug="roborock")
    everything = {matched_item.title, old.title}
    assert listed(editor_client) >= everything
    assert listed(editor_client, q="years ago") == {old.title}
    assert listed(editor_client, brands__id__exact=roborock.pk) == {matched_item.title}
    assert listed(editor_client, categories__id__exact=lamps.pk) == {old.title}
    assert listed(editor_client, source__id__exact=other_source.pk) == {old.title}
    since = (timezone.now() - datetime.timedelta(days=7)).isoformat(sep=" ")
    assert old.title not in listed(editor_client, published_at__gte=since)
    assert listed(editor_client, hidden__exact=1) == set()


# Web pages as sources ------------------------------------------------------------

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ADD_SOURCE = reverse("admin:news_source_add")


def source_form(url, **fields):
    return {
        "name": "Roborock newsroom",
        "url": url,
        "kind": "page",
        "link_selector": "",
        "language": "",
        "active": "on",
        "official_for": "",
        "full_text": "auto",
        "min_interval": "00:15:00",
        "max_interval": "12:00:00",
        **fields,
    }


@pytest.fixture
def newsroom(feed_server, settings):
    settings.ARTICLES_HOST_DELAY = 0
    feed_server.expect_request("/robots.txt").respond_with_data("", status=404)
    feed_server.expect_request("/newsroom").respond_with_data(
        (PAGES / "newsroom.html").read_bytes(), content_type="text/html"
    )
    feed_server.expect_request("/newsroom/saros-z70-launch").respond_with_data(
        (PAGES / "articles" / "saros-z70-launch.html").read_bytes(), content_type="text/html"
    )
    feed_server.expect_request("/newsroom/h1-washer-dryer-china").respond_with_data(
        "gone", status=404
    )
    return feed_server.url_for("/newsroom")


def test_a_bad_css_selector_is_a_form_error(admin_client_):
    response = admin_client_.post(
        ADD_SOURCE, source_form("https://roborock.example.com/newsroom", link_selector="a[href")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["link_selector"]
    assert errors[0].startswith("This is not a CSS selector that can be used: ")
    assert not Source.objects.exists()


def test_preview_shows_what_a_page_and_its_selector_give_and_saves_nothing(admin_client_, newsroom):
    response = admin_client_.post(
        ADD_SOURCE,
        source_form(newsroom, link_selector=".press-item, h2 a[href*=saros]", _preview="1"),
    )
    assert response.status_code == 200
    preview = response.context["adminform"].form.preview
    assert [(entry.title, entry.brands) for entry in preview.entries] == [
        ("Roborock unveils the Saros Z70, a robot vacuum with a folding arm", ["roborock"]),
        ("H1 washer-dryer goes on sale in China", []),
    ]
    html = response.content.decode()
    assert "Preview — not saved yet" in html and "2026-01-06 01:00 UTC" in html
    assert 'value=".press-item, h2 a[href*=saros]"' in html  # the form as typed
    assert not Source.objects.exists() and not NewsItem.objects.exists()


def test_preview_of_a_page_that_names_a_feed_shows_the_feed(admin_client_, feed_server):
    feed_server.expect_request("/blog/").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head><body></body></html>",
        content_type="text/html",
    )
    feed_server.expect_request("/feed.xml").respond_with_data(PREVIEW_FEED)
    response = admin_client_.post(
        ADD_SOURCE, source_form(feed_server.url_for("/blog/"), kind="feed", _preview="1")
    )
    preview = response.context["adminform"].form.preview
    assert preview.feed_url == feed_server.url_for("/feed.xml")
    assert [entry.brands for entry in preview.entries] == [["xiaomi"]]
    assert "This web page names the feed" in response.content.decode()
    assert not Source.objects.exists()


def test_a_page_a_source_found_its_feed_on_is_that_source(admin_client_):
    SourceFactory(
        name="Yeelight blog",
        url="https://yeelight.example.com/feed/",
        page_url="https://yeelight.example.com/blog/",
    )
    response = admin_client_.post(
        ADD_SOURCE, source_form("https://yeelight.example.com/blog/", kind="feed")
    )
    assert response.context["adminform"].form.errors["url"] == [
        "The source “Yeelight blog” found its feed on this page already."
    ]
    assert Source.objects.count() == 1


def test_an_administrator_saves_a_page_source_with_a_selector(admin_client_):
    response = admin_client_.post(
        ADD_SOURCE,
        source_form("https://roborock.example.com/newsroom", link_selector="main .card h3 a"),
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.kind, source.link_selector) == ("page", "main .card h3 a")


def test_editors_see_no_preview_button(editor_client):
    source = SourceFactory()
    html = editor_client.get(reverse("admin:news_source_change", args=[source.pk])).content.decode()
    assert 'name="_preview"' not in html


# Full text -------------------------------------------------------------------


def test_an_administrator_sets_a_sources_full_text(admin_client_):
    source = SourceFactory()
    url = reverse("admin:news_source_change", args=[source.pk])
    html = admin_client_.get(url).content.decode()
    assert "For feeds that carry only teasers" in html and 'name="full_text"' in html
    form = {
        "name": source.name, "url": source.url, "language": "", "active": "on",
        "full_text": "off", "min_interval": "00:15:00", "max_interval": "12:00:00",
        "kind": "feed", "link_selector": "",
    }  # fmt: skip
    assert admin_client_.post(url, form).status_code == 302
    source.refresh_from_db()
    assert source.full_text == Source.FullText.OFF


def test_an_items_full_text_status_and_error_are_shown(editor_client):
    item = NewsItemFactory(body_status="failed", body_error="HTTP 403 Forbidden")
    html = editor_client.get(item_url(item)).content.decode()
    assert "failed" in html and "HTTP 403 Forbidden" in html
    failed = editor_client.get(ITEMS, {"body_status__exact": "failed"}).content.decode()
    assert item.title in failed
