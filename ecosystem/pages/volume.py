"""The news volume the charts show: all news by week, each brand's share of it,
the trending brands, and one brand's news by week.

Counting a year of mentions is a scan that barely changes with one more item,
so the counts are kept for PAGE_CACHE_SECONDS instead of being recounted
whenever news arrives. The counts are the same in every language; the charts,
which carry labels, are drawn from them for each request.
"""

from typing import Any

from ecosystem.brands.models import Brand
from ecosystem.core.page_cache import cached_value
from ecosystem.news import trends
from ecosystem.pages import charts

WEEKS = 52  # a year of weeks, the span every volume chart shows


def overview() -> dict[str, Any]:
    """{"weekly": TimeChart of all news, "shares": [Share], "trends": [Trend]}"""

    def count() -> dict[str, Any]:
        return {
            "weekly": trends.weekly_counts(WEEKS),
            "shares": trends.share_of_voice(),
            "trends": trends.trending(),
        }

    counts = cached_value(["volume overview"], count, depends_on=())
    return {
        "weekly": charts.weekly_chart(counts["weekly"]),
        "shares": charts.shares(counts["shares"]),
        "trends": counts["trends"],
    }


def of_brand(brand: Brand) -> charts.TimeChart:
    """The brand's news by week over the last year."""
    weeks = cached_value(
        ["brand volume", brand.pk],
        lambda: trends.weekly_counts(WEEKS, brand=brand),
        depends_on=(),
    )
    return charts.weekly_chart(weeks)
