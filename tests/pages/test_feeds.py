"""The Atom feeds of a brand's and a category's news (ecosystem/pages/feeds.py)."""

import pytest

from ecosystem.brands.models import Brand, ProductCategory
from tests.factories import bulk_news

pytestmark = pytest.mark.django_db


def test_atom_feeds_follow_a_brand_and_a_category(client):
    roborock = Brand.objects.get(slug="roborock")
    vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    bulk_news(3, brands=[roborock], categories=[vacuums])
    for url in ("/brands/roborock/feed/", "/categories/robot-vacuums/feed/"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        assert response.content.decode().count("<entry>") == 3
