"""Categories from keywords and from specialist brands; the categoriser follows edits."""

import pytest

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.matching.categories import Categoriser

pytestmark = pytest.mark.django_db


def slugs(categoriser: Categoriser, title: str, brands=()) -> set[str]:
    ids = categoriser.categories(title, "", [brand.pk for brand in brands])
    return set(ProductCategory.objects.filter(pk__in=ids).values_list("slug", flat=True))


def test_from_database_builds_again_only_when_keywords_or_brand_categories_change():
    first = Categoriser.from_database()
    assert Categoriser.from_database() is first
    drones = ProductCategory.objects.get(slug="drones")
    assert "drones" not in slugs(first, "A new quadcopter")
    drones.keywords += "\nquadcopter"
    drones.save()
    with_keyword = Categoriser.from_database()
    assert with_keyword is not first
    assert "drones" in slugs(with_keyword, "A new quadcopter")

    fimi = Brand.objects.get(slug="fimi")
    assert "drones" in slugs(with_keyword, "News", [fimi])
    fimi.categories.remove(drones)
    assert "drones" not in slugs(Categoriser.from_database(), "News", [fimi])
