"""Filtering with htmx in every language, on a desktop and on a phone: the history.

A filter swaps the results and pushes its URL. Back and Forward, within the page
or from another page, show the whole styled page with the form as its URL says.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LANGUAGES, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COMBINATIONS = [
    pytest.param((language, width), id=f"{language}-{width}")
    for language in LANGUAGES
    for width in WIDTHS
]


def full_page(page):
    """The whole page, styled, not the results fragment alone."""
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("form.filters")).to_be_visible()
    assert page.locator("#results").count() == 1
    # The stylesheet applies: the header is laid out as the site's CSS says.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") in (
        "absolute",
        "fixed",
    )


@pytest.fixture
def tab(visitors, news, request):
    language, width = request.param
    return visitors(language, WIDTHS[width]).page


@pytest.mark.parametrize("tab", COMBINATIONS, indirect=True)
def test_the_brand_filters_survive_back_and_forward(tab):
    page = tab
    category, kind = page.locator("select[name=category]"), page.locator("select[name=kind]")
    page.goto("/brands/")
    page.evaluate("window.stillTheSamePage = true")

    category.select_option("robot-vacuums")
    page.wait_for_url(re.compile(r"/brands/\?category=robot-vacuums$"))
    expect(page.locator("#results .brand-card")).not_to_have_count(0)
    kind.select_option("ecosystem")
    page.wait_for_url(re.compile(r"/brands/\?category=robot-vacuums&kind=ecosystem$"))
    expect(page.locator("#results")).to_contain_text("Roborock")
    assert page.evaluate("window.stillTheSamePage") is True

    # Back within the page: the earlier URL and its form.
    page.go_back()
    page.wait_for_url(re.compile(r"/brands/\?category=robot-vacuums$"))
    full_page(page)
    expect(category).to_have_value("robot-vacuums")
    expect(kind).to_have_value("")
    # Forward again.
    page.go_forward()
    page.wait_for_url(re.compile(r"kind=ecosystem$"))
    full_page(page)
    expect(category).to_have_value("robot-vacuums")
    expect(kind).to_have_value("ecosystem")

    # To another page and back.
    page.locator("#results .brand-card > a", has_text="Roborock").click()
    page.wait_for_url("**/brands/roborock/")
    page.go_back()
    page.wait_for_url(re.compile(r"/brands/\?category=robot-vacuums&kind=ecosystem$"))
    full_page(page)
    expect(category).to_have_value("robot-vacuums")
    expect(kind).to_have_value("ecosystem")
    expect(page.locator("#results")).not_to_contain_text("Yeelight")
    page.go_forward()
    page.wait_for_url("**/brands/roborock/")


@pytest.mark.parametrize("tab", COMBINATIONS, indirect=True)
def test_a_news_search_sends_one_request_and_survives_back_and_forward(tab):
    page = tab
    search, brand = page.locator("form.filters input[name=q]"), page.locator("select[name=brand]")
    page.goto("/news/")
    requests = []

    def record(request):
        if "/news/" in request.url:
            requests.append(request.url)

    page.on("request", record)
    try:
        search.press_sequentially("xiaomi")
        search.press("Enter")
        page.wait_for_url(re.compile(r"/news/\?q=xiaomi$"))
        expect(page.locator("#results")).to_contain_text("HyperOS")
        expect(page.locator("#results")).not_to_contain_text("Yeelight")
    finally:
        page.remove_listener("request", record)
    assert len(requests) == 1, requests

    brand.select_option("redmi")
    page.wait_for_url(re.compile(r"/news/\?q=xiaomi&brand=redmi$"))
    expect(page.locator("#results")).not_to_contain_text("HyperOS")
    # Back within the page.
    page.go_back()
    page.wait_for_url(re.compile(r"/news/\?q=xiaomi$"))
    full_page(page)
    expect(search).to_have_value("xiaomi")
    expect(brand).to_have_value("")
    expect(page.locator("#results")).to_contain_text("HyperOS")
    page.go_forward()
    page.wait_for_url(re.compile(r"brand=redmi$"))
    full_page(page)
    expect(search).to_have_value("xiaomi")
    expect(brand).to_have_value("redmi")

    # To another page and back.
    page.locator("nav.site-nav a").nth(1).click()
    page.wait_for_url(re.compile(r"/brands/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/news/\?q=xiaomi&brand=redmi$"))
    full_page(page)
    expect(search).to_have_value("xiaomi")
    expect(brand).to_have_value("redmi")
    page.go_forward()
    page.wait_for_url(re.compile(r"/brands/$"))
    expect(page.locator("header.site-header")).to_be_visible()


@pytest.mark.parametrize("tab", COMBINATIONS, indirect=True)
def test_an_impossible_date_in_the_address_shows_the_fields_error(tab):
    page = tab
    response = page.goto("/news/?since=2024-13-45")
    assert response.status == 400
    full_page(page)
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".field-since .errorlist")).to_be_visible()
    expect(page.locator(".news .news-row")).to_have_count(0)
    # The error sits under its own field.
    field, error = (
        page.locator(f".field-since {selector}").bounding_box()
        for selector in ("input", ".errorlist")
    )
    assert field["x"] == error["x"] and error["y"] > field["y"]
    language, width = page.evaluate("document.documentElement.lang"), page.viewport_size["width"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"news-filter-error-{language}-{width}.png"))
