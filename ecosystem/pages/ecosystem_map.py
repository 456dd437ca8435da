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
        by_category.setdefault(category.name if category else "", []).append(brand)
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
