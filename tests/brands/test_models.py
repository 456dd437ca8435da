"""The database itself refuses bad brands, categories, aliases and ties."""

import datetime

import pytest

from ecosystem.brands.models import Brand, Tie
from tests.factories import AliasFactory, BrandFactory, CategoryFactory, TieFactory
from tests.support import rejected

pytestmark = pytest.mark.django_db


def test_brand_slugs_are_unique():
    BrandFactory(slug="acme")
    assert rejected(lambda: BrandFactory(slug="acme"))


def test_category_slugs_are_unique():
    CategoryFactory(slug="gadgets")
    assert rejected(lambda: CategoryFactory(slug="gadgets"))


def test_a_category_is_not_its_own_parent():
    category = CategoryFactory()
    category.parent = category
    assert rejected(lambda: category.save())


def test_founding_year_must_be_plausible():
    assert rejected(lambda: BrandFactory(founded=20))
    assert not rejected(lambda: BrandFactory(founded=2014))


def test_a_brand_is_not_tied_to_itself():
    brand = BrandFactory()
    assert rejected(lambda: TieFactory(brand=brand, target=brand))


def test_the_same_tie_is_recorded_once():
    a, b = BrandFactory(), BrandFactory()
    TieFactory(brand=a, target=b, type=Tie.Type.INVESTED_IN_BY)
    assert rejected(lambda: TieFactory(brand=a, target=b, type=Tie.Type.INVESTED_IN_BY))


def test_two_brands_may_have_ties_of_different_types():
    a, b = BrandFactory(), BrandFactory()
    TieFactory(brand=a, target=b, type=Tie.Type.INVESTED_IN_BY)
    assert not rejected(lambda: TieFactory(brand=a, target=b, type=Tie.Type.SOLD_THROUGH))


def test_a_tie_does_not_end_before_it_starts():
    assert rejected(
        lambda: TieFactory(since=datetime.date(2020, 1, 1), until=datetime.date(2019, 1, 1))
    )


def test_an_alias_is_recorded_once_per_brand_and_language():
    brand = BrandFactory()
    AliasFactory(brand=brand, text="Mi", language="en")
    assert rejected(lambda: AliasFactory(brand=brand, text="Mi", language="en"))
    assert not rejected(lambda: AliasFactory(brand=brand, text="Mi", language="de"))


def test_an_alias_is_not_empty():
    assert rejected(lambda: AliasFactory(text=""))


def test_in_category_includes_sub_categories():
    home = CategoryFactory(slug="home-x")
    lighting = CategoryFactory(slug="lighting-x", parent=home)
    lamp_maker, other = BrandFactory(), BrandFactory()
    lamp_maker.categories.add(lighting)
    other.categories.add(CategoryFactory())
    assert list(Brand.objects.in_category(home)) == [lamp_maker]
    assert list(Brand.objects.in_category(lighting)) == [lamp_maker]
