"""The maps and charts are labelled and have their content as a table or a list."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LANGUAGES, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def name_of(svg):
    """An SVG's accessible name: aria-label, or the <title> that aria-labelledby names."""
    return svg.evaluate(
        """svg => svg.getAttribute("aria-label") || (svg.getAttribute("aria-labelledby") || "")
            .split(" ").map(id => document.getElementById(id)?.textContent || "").join(" ")"""
    ).strip()


def labelled_chart(page, container):
    """The chart in `container`: an image with a name, and a table of its bars."""
    chart = page.locator(f"{container} svg.time-chart")
    expect(chart).to_have_attribute("role", "img")
    assert name_of(chart)
    bars = chart.locator("rect.bar").count()
    assert bars > 0
    table = page.locator(f"{container} .chart-table table")
    expect(table.locator("tbody tr")).to_have_count(bars)


def labelled_map(page, container):
    """The map in `container`: a labelled group of links to the brands on it."""
    svg = page.locator(f"{container} svg").first
    expect(svg).to_have_attribute("role", "group")
    assert name_of(svg)
    return sorted(svg.locator("a text").all_text_contents())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_maps_and_charts_are_labelled(visitors, news, language, width):
    page = visitors(language, WIDTHS[width]).page

    page.goto("/")
    on_map = labelled_map(page, ".map")
    assert len(on_map) > 20 and "Roborock" in on_map
    # The same brands as a list of links.
    as_list = page.locator(".map-list a").all_text_contents()
    assert sorted(as_list) == on_map
    labelled_chart(page, "section[aria-labelledby=volume-heading]")
    shares = page.locator("table.shares")
    assert shares.locator("caption").text_content().strip()
    expect(shares.locator("tbody tr").first).to_contain_text("Xiaomi")

    page.goto("/brands/roborock/")
    on_map = labelled_map(page, ".brand-map")
    assert "Xiaomi" in on_map
    # The ties on the map are listed below it, by type.
    tied = page.locator(".tie-groups .tie-end").all_inner_texts()
    assert set(on_map) <= {name.strip() for name in tied}
    labelled_chart(page, "section[aria-labelledby=brand-volume-heading]")
