"""What the demo news is about: which brands, under which names, how often, from which sources.

`plan()` reads the brands, aliases and categories in the database once and
returns a `Plan`: per brand the names its titles may use and the categories it
may be written about, the skew of news volume over brands (Xiaomi far ahead, the
small ecosystem companies far behind) and over the sources, and the real Matcher
and Categoriser that give each item its mentions and category links. The
generator draws from the plan; the dates span SPAN before the end it is given.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from ecosystem.brands.models import Alias, Brand, ProductCategory
from ecosystem.news.demo.vocabulary import CATEGORY_WORDS, LANGUAGES, SOURCES
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher, needs_model_number
from ecosystem.news.models import Source

SPAN = datetime.timedelta(days=730)  # the items fall in the two years before the end

# Relative news volume per brand slug; brands not listed (added by editors) weigh 1.
BRAND_WEIGHTS = {
    "xiaomi": 40, "redmi": 14, "xiaomi-ev": 10, "poco": 7, "roborock": 7, "dreame": 7,
    "amazfit": 5, "mijia": 5, "ninebot": 5, "mi": 4, "yeelight": 3, "youpin": 3, "yi": 2,
    "black-shark": 2, "viomi": 2, "smartmi": 2, "zmi": 2, "1more": 2, "chuangmi": 2,
    "roidmi": 2, "fimi": 2,
}  # fmt: skip


class NoBrands(Exception):
    """The database holds no brands to write news about."""


@dataclass
class BrandPlan:
    id: int
    slug: str
    # Per language, the names the titles use: the main name first (it is used most).
    names: dict[str, list[str]]
    categories: list[str]  # category slugs


@dataclass
class Plan:
    brands: list[BrandPlan]
    cum_weights: list[float]
    category_words: dict[str, tuple[list[str], list[str], list[str]]]
    sources: list[tuple[int, str, str]]  # (id, slug, language)
    source_cum_weights: list[float]
    matcher: Matcher
    categoriser: Categoriser


def plan(sources: list[Source]) -> Plan:
    """The plan for `sources` (the demo sources, in the order of SOURCES) and the database.

    Raises NoBrands when there are no brands.
    """
    categories = {c.slug: c for c in ProductCategory.objects.order_by("slug")}
    words = {
        slug: CATEGORY_WORDS.get(slug)
        or ([category.name.lower()], [category.name_de or category.name], [category.name])
        for slug, category in categories.items()
    }
    names: dict[int, dict[str, list[str]]] = {}
    for brand_id, text, language, case_sensitive, evidence in Alias.objects.order_by(
        "pk"
    ).values_list("brand_id", "text", "language", "case_sensitive", "evidence"):
        # The Matcher counts short case-sensitive names ("Mi", "YI") only before a model
        # number, and names that need evidence only beside a context word, which not
        # every template puts there: titles use the other names.
        if needs_model_number(text, case_sensitive) or evidence:
            continue
        names.setdefault(brand_id, {}).setdefault(language, []).append(text)
    brands = []
    for brand in Brand.objects.order_by("slug").prefetch_related("categories"):
        by_language = names.get(brand.pk, {})
        fallback = next((texts for texts in by_language.values() if texts), [brand.name])
        brands.append(
            BrandPlan(
                id=brand.pk,
                slug=brand.slug,
                names={lang: by_language.get(lang) or fallback for lang in LANGUAGES},
                categories=sorted(c.slug for c in brand.categories.all()),
            )
        )
    if not brands:
        raise NoBrands("there are no brands; run `manage.py migrate` first.")
    weights = [BRAND_WEIGHTS.get(brand.slug, 1) for brand in brands]
    source_weights = [share for *_, share in SOURCES]
    return Plan(
        brands=brands,
        cum_weights=_cumulative(weights),
        category_words=words,
        sources=[(s.pk, slug, s.language) for s, (slug, *_) in zip(sources, SOURCES, strict=True)],
        source_cum_weights=_cumulative(source_weights),
        matcher=Matcher.from_database(),
        categoriser=Categoriser.from_database(),
    )


def _cumulative(weights: Sequence[float]) -> list[float]:
    # random.choices with cum_weights does not sum the weights again on every draw.
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out
