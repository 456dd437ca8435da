"""Put a news item in product categories.

Categories come from two places: keywords in the item's text ("robot vacuum",
"Saugroboter", "扫地机器人", kept on each ProductCategory), matched in one pass
like brand aliases; and the brands the item names, where a brand is a
specialist (it makes products in at most SPECIALIST_CATEGORIES categories): a
Roborock headline is about robot vacuums even without the word, while a Xiaomi
headline could be about anything from phones to cars.
"""

from collections.abc import Iterable, Mapping, Sequence

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.news.matching.matcher import AliasSpec, Found, Matcher, Text, built_from

SPECIALIST_CATEGORIES = 2


class Categoriser:
    def __init__(
        self, keywords: Mapping[int, Sequence[str]], brand_categories: dict[int, set[int]]
    ) -> None:
        # A Matcher reports each hit by the id its alias was given; here that id is a
        # category's, not a brand's (read back with _category_ids).
        self._keywords = Matcher(
            AliasSpec(category_id, keyword)
            for category_id, words in keywords.items()
            for keyword in words
        )
        self._brand_categories = {
            brand_id: categories
            for brand_id, categories in brand_categories.items()
            if len(categories) <= SPECIALIST_CATEGORIES
        }

    @classmethod
    def from_database(cls) -> "Categoriser":
        """A categoriser for the keywords and brands' categories stored now (two queries)."""
        keywords = tuple(
            (category.pk, tuple(category.keyword_list()))
            for category in ProductCategory.objects.exclude(keywords="")
            .order_by("pk")
            .only("keywords")
        )
        brand_categories = tuple(
            Brand.categories.through.objects.order_by("pk").values_list(
                "brand_id", "productcategory_id"
            )
        )
        return built_from(
            cls, (keywords, brand_categories), lambda: cls._build(keywords, brand_categories)
        )

    @classmethod
    def _build(
        cls,
        keywords: Iterable[tuple[int, Sequence[str]]],
        brand_categories: Iterable[tuple[int, int]],
    ) -> "Categoriser":
        by_brand: dict[int, set[int]] = {}
        for brand_id, category_id in brand_categories:
            by_brand.setdefault(brand_id, set()).add(category_id)
        return cls(dict(keywords), by_brand)

    def categories(self, title: str, summary: str, brand_ids: Iterable[int]) -> set[int]:
        return self.categories_in(Text(title, summary), brand_ids)

    def categories_in(self, text: Text, brand_ids: Iterable[int]) -> set[int]:
        category_ids = _category_ids(self._keywords.find(text))
        for brand_id in brand_ids:
            category_ids |= self._brand_categories.get(brand_id, set())
        return category_ids


def _category_ids(hits: list[Found]) -> set[int]:
    """The categories whose keywords the keyword matcher found."""
    return {hit.brand_id for hit in hits}
