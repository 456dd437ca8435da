"""Lay out the ecosystem as a picture: the parent in the middle, its own labels
around it, and the ecosystem companies grouped by product category outside,
joined by their ties. The result is plain numbers for an SVG template.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ecosystem.brands.models import Brand, ProductCategory, Tie

WIDTH, HEIGHT = 960, 720
INNER_RADIUS, OUTER_RADIUS = 150, 300


@dataclass
class Node:
    brand: object
    x: float
    y: float
    kind: str


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    type: str
    label: str


@dataclass
class Group:
    label: str
    x: float
    y: float


def _top_category(brand: Brand) -> ProductCategory | None:
    categories = list(brand.categories.all())
    if not categories:
        return None
    first = min(categories, key=lambda c: c.name)
    return first.parent if first.parent_id else first


def _on_circle(radius: float, angle: float) -> tuple[float, float]:
    return WIDTH / 2 + radius * math.cos(angle), HEIGHT / 2 + radius * math.sin(angle)


def build_map(brands: Iterable[Brand], ties: Iterable[Tie]) -> dict[str, Any]:
    """`brands` with categories (and their parents) prefetched; `ties` with brand ids."""
    brands = list(brands)
    parents = [b for b in brands if b.kind == "parent"]
    own = [b for b in brands if b.kind in ("sub_brand", "platform", "subsidiary")]
    companies = [b for b in brands if b.kind == "ecosystem"]
    nodes = {}
    for brand in parents[:1]:
        nodes[brand.pk] = Node(brand, WIDTH / 2, HEIGHT / 2, "parent")
    for n, brand in enumerate(sorted(own, key=lambda b: b.name)):
        x, y = _on_circle(INNER_RADIUS, 2 * math.pi * n / max(len(own), 1) - math.pi / 2)
        nodes[brand.pk] = Node(brand, x, y, brand.kind)

    by_category: dict[str, list[Brand]] = {}
    for brand in companies:
        category = _top_category(brand)
        by_category.setdefault(category.local_name if category else "", []).append(brand)
    groups, slot, slots = [], 0, len(companies) or 1
    for label, members in sorted(by_category.items()):
        start = slot
        for brand in sorted(members, key=lambda b: b.name):
            angle = 2 * math.pi * slot / slots - math.pi / 2
            # Alternate two rings so that neighbouring labels do not collide.
            x, y = _on_circle(OUTER_RADIUS + (24 if slot % 2 else -24), angle)
            nodes[brand.pk] = Node(brand, x, y, "ecosystem")
            slot += 1
        middle = 2 * math.pi * (start + slot - 1) / 2 / slots - math.pi / 2
        gx, gy = _on_circle(OUTER_RADIUS + 62, middle)
        groups.append(Group(label, gx, gy))

    edges = []
    for tie in ties:
        a, b = nodes.get(tie.brand_id), nodes.get(tie.target_id)
        if a and b:
            edges.append(Edge(a.x, a.y, b.x, b.y, tie.type, tie.get_type_display()))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "nodes": list(nodes.values()),
        "edges": edges,
        "groups": groups,
    }


# A brand's own part of the map: the brand in the middle, every brand it is
# tied to on a circle around it, labels pointing outwards so they do not cross.
BRAND_MAP_WIDTH, BRAND_MAP_HEIGHT = 760, 440
BRAND_MAP_RADII = (250, 170)
# A brand with few ties gets a flatter picture: no tall empty card for two lines.
FEW_TIES, FEW_TIES_HEIGHT, FEW_TIES_RADII = 6, 280, (230, 90)


@dataclass
class Label:
    x: float
    y: float
    anchor: str  # "start", "middle" or "end": the side of the node the text sits on


def build_brand_map(brand: Brand, ties: list[Tie]) -> dict[str, Any]:
    """The picture of `brand`'s ties (both directions): {"width", "height",
    "centre": Node, "nodes": [(Node, Label)], "edges": [Edge], "types": [(tie
    type, its name)] of the ties drawn}."""
    few = len({tie.target_id if tie.brand_id == brand.pk else tie.brand_id for tie in ties})
    height, radii = (
        (FEW_TIES_HEIGHT, FEW_TIES_RADII)
        if few <= FEW_TIES
        else (BRAND_MAP_HEIGHT, BRAND_MAP_RADII)
    )
    cx, cy = BRAND_MAP_WIDTH / 2, height / 2
    centre = Node(brand, cx, cy, brand.kind)
    others: dict[int, Brand] = {}
    for tie in ties:
        other = tie.target if tie.brand_id == brand.pk else tie.brand
        others.setdefault(other.pk, other)
    ordered = sorted(others.values(), key=lambda b: (b.kind != "parent", b.name.lower()))
    placed: dict[int, tuple[Node, Label]] = {}
    for n, other in enumerate(ordered):
        angle = 2 * math.pi * n / max(len(ordered), 1) - math.pi / 2
        dx, dy = math.cos(angle), math.sin(angle)
        # An ellipse wider than tall: labels run sideways, so they need room across.
        x, y = cx + radii[0] * dx, cy + radii[1] * dy
        # Labels continue the spoke outwards: right of nodes on the right, left on the left.
        anchor = "start" if dx > 0.05 else "end" if dx < -0.05 else "middle"
        # Above and below, the label clears the node by a line of text.
        lift = 8 * dy if anchor == "middle" else 0
        label = Label(round(x + 14 * dx, 1), round(y + 14 * dy + 4 + lift, 1), anchor)
        placed[other.pk] = (Node(other, round(x, 1), round(y, 1), other.kind), label)
    edges = []
    for tie in ties:
        other_pk = tie.target_id if tie.brand_id == brand.pk else tie.brand_id
        node = placed[other_pk][0]
        edges.append(Edge(cx, cy, node.x, node.y, tie.type, tie.get_type_display()))
    return {
        "width": BRAND_MAP_WIDTH,
        "height": height,
        "centre": centre,
        "nodes": list(placed.values()),
        "edges": edges,
        # (type, its name) for the legend, in the order the types are declared.
        "types": [(t.value, t.label) for t in Tie.Type if t in {tie.type for tie in ties}],
    }
