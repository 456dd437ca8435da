"""What the public pages say in HTTP: status codes, redirects, caching headers, feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from ecosystem.brands.models import Brand
from tests.factories import MentionFactory, NewsItemFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    "url", ["/", "/brands/", "/brands/xiaomi/", "/news/", "/categories/smartphones/"]
)
def test_a_page_says_what_it_varies_on_and_how_long_it_keeps(client, url, settings):
    settings.PAGE_CACHE_SECONDS = 60

    response = client.get(url)

    vary = {name.strip().lower() for name in response["Vary"].split(",")}
    # The same URL answers a fragment to htmx and a page in the cookie's language.
    assert {"hx-request", "cookie", "accept-language"} <= vary
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_a_rejected_filter_is_not_cached_by_browsers(client):
    response = client.get("/news/?since=2024-13-45")

    assert response.status_code == 400
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("/news/?since=2024-13-45", "Enter a valid date."),
        ("/news/?until=yesterday", "Enter a valid date."),
        ("/news/?brand=nokia", "No brand called “nokia” is tracked here."),
        ("/news/?category=toasters", "There is no product category “toasters”."),
        ("/brands/?category=toasters", "There is no product category “toasters”."),
        ("/brands/?kind=unicorn", "Select a valid choice."),
    ],
)
def test_a_filter_value_the_form_rejects_answers_400_with_the_fields_error(client, url, error):
    MentionFactory(brand__slug="roborock-news-only")  # some news that must not be listed

    response = client.get(url)

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'class="errorlist' in html


def test_an_htmx_filter_pushes_the_url_without_its_empty_fields(client):
    response = client.get(
        "/news/?q=&brand=xiaomi&category=&since=&until=", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/news/?brand=xiaomi"


def test_a_search_without_hits_says_so_instead_of_no_news_yet(client):
    NewsItemFactory(title="Roborock ships a new mop")

    html = client.get("/news/?q=zeppelin").content.decode()

    assert "No news matches" in html
    assert "No news yet" not in html


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/brands/Xiaomi/", "/brands/xiaomi/"),
        ("/brands/XIAOMI/?include=tied", "/brands/xiaomi/?include=tied"),
        ("/categories/Smartphones/", "/categories/smartphones/"),
    ],
)
def test_a_slug_with_capitals_redirects_permanently_to_the_lower_case_page(client, url, target):
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_the_api_root_leads_to_its_documentation(client):
    response = client.get("/api/")

    assert response.status_code == 302
    assert response["Location"] == "/api/docs"
    assert client.get("/api/docs").status_code == 200


def test_a_brand_feed_is_valid_atom_with_permanent_entry_ids_and_an_author(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "tracker.example.org"]
    item = NewsItemFactory(title="Xiaomi opens a store", published_at=timezone.now())
    MentionFactory(news_item=item, brand__slug="xiaomi-test")
    response = client.get("/brands/xiaomi-test/feed/", HTTP_HOST="tracker.example.org")

    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Xiaomi Ecosystem Tracker"
    assert feed.find(f"{ATOM}updated").text
    [entry] = feed.findall(f"{ATOM}entry")
    # RFC 4287: an id is an IRI that never changes (RFC 4151 tag: URIs are made for it).
    assert entry.find(f"{ATOM}id").text == f"tag:tracker.example.org,2024:news/{item.pk}"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == item.source.name
    assert entry.find(f"{ATOM}updated").text


def test_a_brand_feed_rolls_up_tied_brands_only_when_asked(client):
    # One feed object serves every request, so the roll-up must not be kept on it.
    MentionFactory(brand=Brand.objects.get(slug="redmi"), news_item__title="Redmi Note news")

    rolled_up = client.get("/brands/xiaomi/feed/?include=tied").content.decode()
    plain = client.get("/brands/xiaomi/feed/").content.decode()

    assert "Redmi Note news" in rolled_up
    assert "Redmi Note news" not in plain


def test_someone_signed_in_always_gets_the_current_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.force_login(UserFactory(username="eddie"))

    response = client.get("/brands/xiaomi/")

    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_crafted_search_that_took_the_site_down_is_refused_at_once(client):
    # About a hundred short words and one Chinese character: once a 57 s query.
    crafted = " ".join(["a"] * 99) + " 米"  # 199 characters

    response = client.get("/news/", {"q": crafted})

    assert response.status_code == 400
    assert "A search may have at most 12 words." in response.content.decode()


def test_search_results_mark_the_words_that_matched(client):
    NewsItemFactory(title="Roborock <b>robot</b> vacuum")

    html = client.get("/news/?q=robot").content.decode()

    assert "Roborock &lt;b&gt;<mark>robot</mark>&lt;/b&gt; vacuum" in html
