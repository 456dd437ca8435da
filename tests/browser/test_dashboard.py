"""The dashboard in a real browser: htmx filtering, history, load more, German, no JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from ecosystem.brands.models import Brand
from tests.browser.conftest import ARTIFACTS
from tests.factories import bulk_news

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def brand_names(page):
    return page.locator("#results .brand-card > a").all_inner_texts()


def test_filtering_the_directory_swaps_the_list_in_place_and_keeps_history(page):
    page.goto("/brands/")
    everything = brand_names(page)
    assert "Roborock" in everything and "Yeelight" in everything
    # A full page load would forget this.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Product category").select_option("robot-vacuums")
    page.wait_for_url(re.compile(r"/brands/\?.*category=robot-vacuums"))
    expect(page.locator("#results")).not_to_contain_text("Yeelight")
    filtered = brand_names(page)
    assert "Roborock" in filtered and "Dreame" in filtered and "Yeelight" not in filtered
    assert page.evaluate("window.stillTheSamePage") is True

    page.go_back()
    page.wait_for_url(re.compile(r"/brands/$"))
    expect(page.locator("#results")).to_contain_text("Yeelight")
    assert brand_names(page) == everything


def test_a_visitor_loads_more_of_roborocks_news(page):
    bulk_news(30, brands=[Brand.objects.get(slug="roborock")])
    page.goto("/brands/")
    page.get_by_role("link", name="Roborock", exact=True).first.click()
    page.wait_for_url("**/brands/roborock/")
    rows = page.locator("#news-list .news-row")
    assert rows.count() == 20
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("link", name="Load more news").click()
    expect(rows).to_have_count(30)
    assert page.get_by_role("link", name="Load more news").count() == 0
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.url.endswith("/brands/roborock/")


def test_a_visitor_switches_to_german(page):
    page.goto("/brands/roborock/")
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_selector("html[lang=de]")
    assert page.get_by_role("navigation").get_by_role("link", name="Marken").is_visible()
    assert page.get_by_role("heading", name="Fakten").is_visible()


def test_filtering_works_with_javascript_switched_off(browser, live_server, ecosystem_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/brands/")
    page.get_by_label("Kind").select_option("sub_brand")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"kind=sub_brand"))
    names = brand_names(page)
    assert "Redmi" in names and "Roborock" not in names
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "filtering_without_javascript.png"), full_page=True)
    context.close()
