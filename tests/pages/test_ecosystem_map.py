"""The ecosystem drawn as a map (ecosystem/pages/ecosystem_map.py): the parent in the
middle, its own brands on an inner circle, the ecosystem companies outside, grouped by
their top category, and the ties as lines between them."""

import math

import pytest
from django.db.models import Q

from ecosystem.brands.models import Brand, Tie
from ecosystem.pages.ecosystem_map import BRAND_MAP_HEIGHT, build_brand_map, build_map
from tests.factories import BrandFactory, CategoryFactory, TieFactory

pytestmark = pytest.mark.django_db

CENTRE = (480, 360)


@pytest.fixture
def small_ecosystem():
    """Two parents (the first by name is drawn), two brands of the first, three companies
    and the ties between them."""
    appliances = CategoryFactory(name="Home appliances")
    vacuums = CategoryFactory(name="Robot vacuums", parent=appliances)
    lighting = CategoryFactory(name="Lighting")
    brands = {
        "parent": BrandFactory(name="Parent Co", kind=Brand.Kind.PARENT),
        "second parent": BrandFactory(name="Second Parent", kind=Brand.Kind.PARENT),
        "sub": BrandFactory(name="Sub", kind=Brand.Kind.SUB_BRAND),
        "platform": BrandFactory(name="Platform", kind=Brand.Kind.PLATFORM),
        "vacuums": BrandFactory(name="Vacuum Co"),
        "lamps": BrandFactory(name="Lamp Co"),
        "mops": BrandFactory(name="Mop Co"),
        "uncategorised": BrandFactory(name="Mystery Co"),
    }
    brands["vacuums"].categories.set([vacuums, lighting])  # "Lighting" < "Robot vacuums"
    brands["lamps"].categories.set([lighting])
    brands["mops"].categories.set([vacuums])  # under "Home appliances"
    outsider = BrandFactory(name="Outsider")  # tied, but not on the map
    ties = [
        TieFactory(brand=brands["sub"], target=brands["parent"], type=Tie.Type.SUB_BRAND_OF),
        TieFactory(brand=brands["vacuums"], target=brands["parent"], type=Tie.Type.INVESTED_IN_BY),
        TieFactory(brand=outsider, target=brands["parent"], type=Tie.Type.INVESTED_IN_BY),
    ]
    drawn = Brand.objects.filter(pk__in=[b.pk for b in brands.values()]).prefetch_related(
        "categories__parent"
    )
    return brands, build_map(drawn, Tie.objects.filter(pk__in=[t.pk for t in ties]))


def position(picture, brand):
    (node,) = [node for node in picture["nodes"] if node.brand == brand]
    return node


def distance(node):
    return math.dist((node.x, node.y), CENTRE)


def test_the_first_parent_sits_in_the_middle_and_the_others_are_left_out(small_ecosystem):
    brands, picture = small_ecosystem
    parent = position(picture, brands["parent"])
    assert (parent.x, parent.y, parent.kind) == (480, 360, "parent")
    assert (picture["width"], picture["height"]) == (960, 720)
    placed = [node.brand for node in picture["nodes"]]
    assert brands["second parent"] not in placed
    assert len(placed) == len(brands) - 1


def test_the_parents_own_brands_sit_on_the_inner_circle_by_name_from_the_top(small_ecosystem):
    brands, picture = small_ecosystem
    platform, sub = position(picture, brands["platform"]), position(picture, brands["sub"])
    assert (platform.kind, sub.kind) == ("platform", "sub_brand")
    # "Platform" before "Sub": the first at twelve o'clock, the second opposite it.
    assert (round(platform.x, 6), round(platform.y, 6)) == (480, 210)
    assert (round(sub.x, 6), round(sub.y, 6)) == (480, 510)


def test_companies_sit_outside_grouped_by_top_category_on_alternating_rings(small_ecosystem):
    brands, picture = small_ecosystem
    # Groups in the order of their labels; a company's group is the top category of its
    # first category by name (Vacuum Co's "Lighting" comes before its "Robot vacuums").
    assert [group.label for group in picture["groups"]] == ["", "Home appliances", "Lighting"]
    # Four slots clockwise from twelve o'clock, on rings of 276 and 324 px in turn.
    places = {
        name: (round(node.x, 6), round(node.y, 6), node.kind)
        for name in ("uncategorised", "mops", "lamps", "vacuums")
        for node in [position(picture, brands[name])]
    }
    assert places == {
        "uncategorised": (480, 84, "ecosystem"),
        "mops": (804, 360, "ecosystem"),
        "lamps": (480, 636, "ecosystem"),
        "vacuums": (156, 360, "ecosystem"),
    }


def test_ties_between_placed_brands_become_labelled_lines(small_ecosystem):
    brands, picture = small_ecosystem
    sub, parent = position(picture, brands["sub"]), position(picture, brands["parent"])
    lines = {(edge.type, edge.label): edge for edge in picture["edges"]}
    assert set(lines) == {("sub_brand_of", "sub-brand of"), ("invested_in_by", "invested in by")}
    line = lines["sub_brand_of", "sub-brand of"]
    assert (line.x1, line.y1, line.x2, line.y2) == (sub.x, sub.y, parent.x, parent.y)


def test_the_seeded_ecosystem_puts_xiaomi_in_the_middle_and_every_company_outside():
    brands = Brand.objects.prefetch_related("categories__parent")
    picture = build_map(brands, Tie.objects.all())
    by_slug = {node.brand.slug: node for node in picture["nodes"]}
    assert (by_slug["xiaomi"].x, by_slug["xiaomi"].y) == CENTRE
    assert round(distance(by_slug["redmi"])) == 150
    assert round(distance(by_slug["roborock"])) in (276, 324)
    assert len(picture["edges"]) >= Tie.objects.count() // 2


@pytest.mark.django_db
def test_a_brands_own_map_puts_it_in_the_middle_with_its_ties_around():
    xiaomi = Brand.objects.get(slug="xiaomi")
    ties = list(
        Tie.objects.filter(Q(brand=xiaomi) | Q(target=xiaomi)).select_related("brand", "target")
    )

    picture = build_brand_map(xiaomi, ties)

    centre = picture["centre"]
    assert (centre.x, centre.y) == (picture["width"] / 2, picture["height"] / 2)
    others = {node.brand.slug for node, _ in picture["nodes"]}
    assert "redmi" in others and "roborock" in others and "xiaomi" not in others
    assert len(picture["edges"]) == len(ties)
    # Labels point away from the middle: right of nodes on the right, left on the left.
    for node, label in picture["nodes"]:
        if node.x > centre.x + 20:
            assert label.anchor == "start" and label.x > node.x
        elif node.x < centre.x - 20:
            assert label.anchor == "end" and label.x < node.x
    # The legend names each tie type drawn, once.
    drawn = {edge.type for edge in picture["edges"]}
    assert [value for value, _ in picture["types"]] == [t for t in Tie.Type if t in drawn]


@pytest.mark.django_db
def test_a_brand_with_few_ties_gets_a_flatter_map():
    roborock = Brand.objects.get(slug="roborock")
    ties = list(Tie.objects.filter(Q(brand=roborock) | Q(target=roborock)))

    assert build_brand_map(roborock, ties)["height"] < BRAND_MAP_HEIGHT
