"""The bundled ecosystem is in every database after `migrate`."""

import pytest

from ecosystem.brands.models import Brand, ProductCategory, Tie
from ecosystem.brands.seed import read_data

pytestmark = pytest.mark.django_db

REQUIRED_BRANDS = [
    "xiaomi", "redmi", "poco", "mijia", "youpin", "black-shark", "yeelight",
    "roborock", "yi", "amazfit", "ninebot", "dreame", "viomi", "smartmi",
]  # fmt: skip
REQUIRED_CATEGORIES = [
    "smartphones", "smart-home", "smart-lighting", "robot-vacuums",
    "cameras", "wearables", "mobility", "home-appliances",
]  # fmt: skip


def test_the_data_file_is_what_the_database_holds():
    data = read_data()
    assert set(Brand.objects.values_list("slug", flat=True)) == {b["slug"] for b in data["brand"]}
    assert Tie.objects.count() == len(data["tie"])


def test_the_ecosystem_has_the_required_brands_and_categories():
    assert Brand.objects.count() >= 25
    slugs = set(Brand.objects.values_list("slug", flat=True))
    assert set(REQUIRED_BRANDS) <= slugs
    categories = set(ProductCategory.objects.values_list("slug", flat=True))
    assert set(REQUIRED_CATEGORIES) <= categories


@pytest.mark.parametrize("slug", REQUIRED_BRANDS)
def test_every_required_brand_has_its_facts(slug):
    brand = Brand.objects.get(slug=slug)
    # Founding year, headquarters and website stay blank where no source confirms them.
    assert brand.name and brand.kind and brand.description
    assert brand.references.exists()


def test_listed_companies_carry_their_tickers():
    tickers = dict(Brand.objects.exclude(ticker="").values_list("slug", "ticker"))
    assert tickers["xiaomi"] == "HKEX: 1810"
    assert "688169" in tickers["roborock"]
    assert "ZEPP" in tickers["amazfit"]
    assert "689009" in tickers["ninebot"]
    assert "VIOT" in tickers["viomi"]


def test_chinese_names_stand_beside_the_latin_ones():
    names = dict(Brand.objects.values_list("slug", "native_name"))
    assert names["xiaomi"] == "小米" and names["redmi"] == "红米"
    assert names["roborock"] == "石头科技" and names["ninebot"] == "九号"
    assert names["youpin"] == "小米有品" and names["black-shark"] == "黑鲨"


def test_every_brand_has_a_reference_a_category_and_aliases_in_three_languages():
    for brand in Brand.objects.prefetch_related("aliases", "references", "categories"):
        assert brand.references.all(), brand
        assert brand.categories.all(), brand
        languages = {alias.language for alias in brand.aliases.all()}
        assert languages == {"en", "de", "zh"}, f"{brand}: aliases in {sorted(languages)}"


def test_every_brand_is_tied_into_the_ecosystem():
    """Every brand reaches Xiaomi by following ties (in either direction)."""
    neighbours = {}
    for brand_id, target_id in Tie.objects.values_list("brand_id", "target_id"):
        neighbours.setdefault(brand_id, set()).add(target_id)
        neighbours.setdefault(target_id, set()).add(brand_id)
    reached, frontier = set(), {Brand.objects.get(slug="xiaomi").pk}
    while frontier:
        reached |= frontier
        frontier = set().union(*(neighbours.get(b, set()) for b in frontier)) - reached
    unreached = Brand.objects.exclude(pk__in=reached)
    assert not unreached.exists(), list(unreached)


def test_every_ecosystem_company_has_a_typed_tie_to_xiaomi():
    xiaomi = Brand.objects.get(slug="xiaomi")
    for brand in Brand.objects.filter(kind=Brand.Kind.ECOSYSTEM):
        assert Tie.objects.filter(brand=brand, target=xiaomi).exists(), brand


def test_xiaomis_ties_say_which_tie_is_which():
    def tie(brand, target="xiaomi"):
        return set(
            Tie.objects.filter(brand__slug=brand, target__slug=target).values_list(
                "type", flat=True
            )
        )

    assert "sub_brand_of" in tie("redmi")
    assert "invested_in_by" in tie("roborock")
    assert "sold_through" in tie("yeelight", "youpin")
    redmi = Tie.objects.get(brand__slug="redmi", target__slug="xiaomi", type="sub_brand_of")
    assert redmi.since.year == 2019
    assert Tie.objects.filter(
        brand__slug="ninebot", target__slug="xiaomi", type="former_partner_of", until__isnull=False
    ).exists()
