"""The brand directory in a real browser."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_visitor_opens_roborocks_page_from_the_directory(page):
    page.goto("/brands/")
    page.get_by_role("link", name="Roborock").first.click()
    page.wait_for_url("**/brands/roborock/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Roborock")
