"""The demo news items themselves: titles, summaries, dates, mentions and category links.

`generate()` turns a Plan, a seed and a count into rows, oldest first, with no
database access: the writers store them. The rows are a function of the seed
and the plan; every random draw comes from one `random.Random(seed)` in a fixed
order, so reordering the draws here changes the output of every seed.

About one item in twelve repeats a recent story of another source (same title,
same brands) and points to it, within the window in which the real story
grouping (ecosystem.news.matching.stories) would have grouped them.
"""

import datetime
import random
from collections.abc import Iterator

from ecosystem.news.demo.planner import SPAN, BrandPlan, Plan
from ecosystem.news.demo.vocabulary import (
    ADJECTIVES,
    DAYS,
    DEMO_URL_PREFIX,
    GENERIC_WORDS,
    LANGUAGES,
    OTHER_SERIES,
    OTHER_SUFFIXES,
    PHONE_CATEGORIES,
    PHONE_SERIES,
    PHONE_SUFFIXES,
    PLACEHOLDERS,
    PRICES,
    SUMMARIES,
    TITLES,
    TWO_BRAND_TITLES,
)
from ecosystem.news.matching.stories import STORY_WINDOW

TWO_BRANDS = 0.12  # share of items that name two brands in their title
COVERAGE = 0.08  # share of items that repeat another source's recent story
HIDDEN = 0.002  # share of items an editor has hidden

# (id, source id, guid, url, title, summary, language, published_at, story id, hidden)
ItemRow = tuple[int, int, str, str, str, str, str, datetime.datetime, int | None, bool]
MentionRow = tuple[int, int, str, datetime.datetime]  # (item id, brand id, alias, published_at)
LinkRow = tuple[int, int]  # (item id, category id)


def generate(
    plan: Plan, seed: int, count: int, first_id: int, end: datetime.datetime
) -> Iterator[tuple[ItemRow, list[MentionRow], list[LinkRow]]]:
    """(item row, mention rows, category rows) for each item, oldest first.

    Items get the ids first_id, first_id + 1, ... and fall in the SPAN before `end`.
    """
    rng = random.Random(seed)
    start = end - SPAN
    step = SPAN / max(count, 1)
    matched: dict[str, tuple[list[tuple[int, str]], list[int]]] = {}
    # (brand id, language) -> the last story anchor that named it: a story is
    # repeated word for word, so only by sources of its own language.
    recent: dict[tuple[int, str], tuple] = {}
    brands, sources = plan.brands, plan.sources
    for n in range(count):
        item_id = first_id + n
        # One item per slot of the span, at a random moment in it: dates rise with ids.
        published = start + step * (n + rng.random())
        published = published.replace(microsecond=0)
        source_id, source_slug, language = rng.choices(
            sources, cum_weights=plan.source_cum_weights
        )[0]
        brand = rng.choices(brands, cum_weights=plan.cum_weights)[0]
        hidden = rng.random() < HIDDEN
        guid = f"demo-{seed}-{n}"
        url = f"{DEMO_URL_PREFIX}{source_slug}/{published:%Y/%m}/{seed}-{n}"

        anchor = recent.get((brand.id, language))
        if (
            anchor is not None
            and rng.random() < COVERAGE
            and anchor[1] != source_id
            and published - anchor[2] <= STORY_WINDOW
        ):
            # Another source covers the same story: same title, same brands, and so the
            # language of that title, whatever the covering source's own language.
            anchor_id, _, _, title, summary, found, categories, language = anchor
            story_id = anchor_id
        else:
            title, summary, skeleton = _texts(rng, plan, brand, language)
            if skeleton not in matched:
                hits = plan.matcher.match(skeleton)
                categories = sorted(
                    plan.categoriser.categories(skeleton, "", [hit.brand_id for hit in hits])
                )
                matched[skeleton] = ([(hit.brand_id, hit.alias) for hit in hits], categories)
            found, categories = matched[skeleton]
            story_id = None
            story = (item_id, source_id, published, title, summary, found, categories, language)
            for brand_id, _ in found:
                recent[brand_id, language] = story
        yield (
            (item_id, source_id, guid, url, title, summary, language, published, story_id, hidden),
            [(item_id, brand_id, alias, published) for brand_id, alias in found],
            [(item_id, category_id) for category_id in categories],
        )


def _texts(rng: random.Random, plan: Plan, brand: BrandPlan, language: str) -> tuple[str, str, str]:
    """(title, summary, title with a placeholder model name) for one new story."""
    slug, word = _category_word(rng, plan, brand, language)
    name = _name(rng, brand, language)
    if slug in PHONE_CATEGORIES:
        model = f"{rng.choice(PHONE_SERIES)}{rng.randint(5, 16)}{rng.choice(PHONE_SUFFIXES)}"
    else:
        model = f"{rng.choice(OTHER_SERIES)}{rng.randint(1, 20)}{rng.choice(OTHER_SUFFIXES)}"
    values = {
        "b": name,
        "c": word,
        "a": rng.choice(ADJECTIVES[language]),
        "x": rng.choice(PRICES[language]),
        "q": rng.randint(1, 4),
        "d": rng.choice(DAYS[language]),
    }
    if len(plan.brands) > 1 and rng.random() < TWO_BRANDS:
        other = brand
        while other is brand:
            other = rng.choices(plan.brands, cum_weights=plan.cum_weights)[0]
        values["b2"] = _name(rng, other, language)
        template = rng.choice(TWO_BRAND_TITLES[language])
    else:
        template = rng.choice(TITLES[language])
    summary = rng.choice(SUMMARIES[language]).format(p=model, **values)
    # The words that can name a brand or a category, with the rest held fixed: the
    # key under which matching results are cached.
    skeleton = template.format(**{**values, **PLACEHOLDERS})
    return template.format(p=model, **values), summary, skeleton


def _category_word(
    rng: random.Random, plan: Plan, brand: BrandPlan, language: str
) -> tuple[str, str]:
    """(category slug or "", a word for it in `language`), among the brand's categories."""
    slugs = brand.categories or sorted(plan.category_words)
    if not slugs:
        return "", GENERIC_WORDS[language]
    slug = rng.choice(slugs)
    return slug, rng.choice(plan.category_words[slug][LANGUAGES.index(language)])


def _name(rng: random.Random, brand: BrandPlan, language: str) -> str:
    names = brand.names[language]
    # Most news use the brand's main name; the rest its other names.
    return names[0] if len(names) == 1 or rng.random() < 0.85 else rng.choice(names[1:])
