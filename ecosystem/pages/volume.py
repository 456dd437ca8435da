"""The news volume the charts show: all news by week, each brand's share of it,
the trending brands, and one brand's news by week.

Counting a year of mentions is a scan that barely changes with one more item,
so each result is kept for PAGE_CACHE_SECONDS (per language: the charts carry
their labels) instead of being recounted whenever news arrives.
"""

from django.utils.translation import get_language

from ecosystem.brands.models import Brand
from ecosystem.core.page_cache import cached_value
from ecosystem.news import trends
from ecosystem.pages import charts

WEEKS = 52  # a year of weeks, the span every volume chart shows


def overview() -> dict:
    """{"weekly": TimeChart of all news, "shares": [Share], "trends": [Trend]}"""

    def compute() -> dict:
        return {
            "weekly": charts.weekly_chart(trends.weekly_counts(WEEKS)),
            "shares": charts.shares(trends.share_of_voice()),
            "trends": trends.trending(),
        }

    return cached_value(["volume overview", get_language()], compute, depends_on=())


def of_brand(brand: Brand) -> charts.TimeChart:
    """The brand's news by week over the last year."""
    return cached_value(
        ["brand volume", brand.pk, get_language()],
        lambda: charts.weekly_chart(trends.weekly_counts(WEEKS, brand=brand)),
        depends_on=(),
    )
