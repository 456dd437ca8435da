"""News volume per brand over the last weeks, for the chart on the home page."""

import datetime
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.news.models import Mention

WEEKS = 12
BAR_WIDTH, CHART_HEIGHT = 14, 40


def weekly_volume(*, brands: int = 8, now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """[{"brand": Brand, "total": n, "bars": [{"week": date, "count": n, "height": px, "x": px}]}]

    The `brands` brands with the most news in the last WEEKS weeks, each with one
    bar per week (the oldest first). One query for the counts, one for the brands.
    """
    now = now or timezone.now()
    this_week = (now - datetime.timedelta(days=now.weekday())).date()
    weeks = [this_week - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    rows = (
        Mention.objects.filter(
            published_at__gte=datetime.datetime.combine(weeks[0], datetime.time(), datetime.UTC),
            news_item__hidden=False,
        )
        .annotate(week=TruncWeek("published_at"))
        .values("brand", "week")
        .annotate(count=Count("id"))
    )
    counts: dict[int, dict[datetime.date, int]] = {}
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]
        counts.setdefault(row["brand"], {})[week] = row["count"]
    top = sorted(counts, key=lambda b: -sum(counts[b].values()))[:brands]
    if not top:
        return []
    by_id = Brand.objects.in_bulk(top)
    peak = max(max(c.values()) for c in counts.values())
    return [
        {
            "brand": by_id[brand_id],
            "total": sum(counts[brand_id].values()),
            "bars": [
                _bar(n, week, counts[brand_id].get(week, 0), peak) for n, week in enumerate(weeks)
            ],
        }
        for brand_id in top
    ]


def _bar(n: int, week: datetime.date, count: int, peak: int) -> dict[str, Any]:
    height = round(CHART_HEIGHT * count / peak, 1)
    return {"week": week, "count": count, "x": n * (BAR_WIDTH + 2), "y": CHART_HEIGHT - height,
            "height": height}  # fmt: skip
