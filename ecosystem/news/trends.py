"""How much news each brand gets over time, and which brands are trending.

The trend rule, said in words on the home page and in alert mails: a brand is
trending when its news of the last seven days is at least TREND_FACTOR times
its weekly average over the eight weeks before, and at least TREND_MINIMUM
items, so that a brand going from one item to three does not count.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.news.models import Mention

TREND_FACTOR = 3
TREND_MINIMUM = 5
BASELINE_WEEKS = 8
WEEK = datetime.timedelta(weeks=1)


@dataclass(frozen=True)
class Trend:
    brand: Brand
    this_week: int
    usual: float  # items a week, on average, over the baseline weeks

    @property
    def factor(self) -> float:
        """How many times its usual volume; a brand new to the news counts as its volume."""
        return self.this_week / self.usual if self.usual else float(self.this_week)


def week_start(moment: datetime.datetime) -> datetime.date:
    """The Monday of `moment`'s week (UTC)."""
    day = moment.astimezone(datetime.UTC).date()
    return day - datetime.timedelta(days=day.weekday())


def weekly_counts(
    weeks: int, *, brand: Brand | None = None, now: datetime.datetime | None = None
) -> list[tuple[datetime.date, int]]:
    """[(Monday, mentions of visible items that week)] for the last `weeks` weeks,
    oldest first, this week included: of one brand, or of every brand together."""
    now = now or timezone.now()
    mondays = [week_start(now) - n * WEEK for n in range(weeks - 1, -1, -1)]
    start = datetime.datetime.combine(mondays[0], datetime.time(), datetime.UTC)
    mentions = Mention.objects.filter(published_at__gte=start, news_item__hidden=False)
    if brand is not None:
        mentions = mentions.filter(brand=brand)
    rows = mentions.annotate(week=TruncWeek("published_at")).values("week").annotate(n=Count("id"))
    found = {_as_date(row["week"]): row["n"] for row in rows.order_by()}
    return [(monday, found.get(monday, 0)) for monday in mondays]


def share_of_voice(
    *, days: int = 365, top: int = 8, now: datetime.datetime | None = None
) -> list[tuple[Brand | None, int]]:
    """[(brand, mentions)] of the `top` most named brands over the last `days` days,
    most first, and (None, the rest) last when other brands were named too."""
    now = now or timezone.now()
    rows = (
        Mention.objects.filter(
            published_at__gte=now - datetime.timedelta(days=days), news_item__hidden=False
        )
        .values("brand")
        .annotate(n=Count("id"))
        .order_by("-n", "brand")
    )
    counts = [(row["brand"], row["n"]) for row in rows]
    brands = Brand.objects.in_bulk([brand_id for brand_id, _ in counts[:top]])
    shares: list[tuple[Brand | None, int]] = [(brands[b], n) for b, n in counts[:top]]
    rest = sum(n for _, n in counts[top:])
    if rest:
        shares.append((None, rest))
    return shares


def trending(*, now: datetime.datetime | None = None, limit: int | None = 6) -> list[Trend]:
    """Brands whose last seven days are well above their usual level, strongest
    first; all of them when `limit` is None."""
    now = now or timezone.now()
    week_ago = now - WEEK
    baseline_start = week_ago - BASELINE_WEEKS * WEEK
    rows = (
        Mention.objects.filter(published_at__gte=baseline_start, news_item__hidden=False)
        .values("brand")
        .annotate(
            recent=Count("id", filter=Q(published_at__gte=week_ago)),
            before=Count("id", filter=Q(published_at__lt=week_ago)),
        )
        .filter(recent__gte=TREND_MINIMUM)
        .order_by()
    )
    candidates = {
        row["brand"]: (row["recent"], row["before"] / BASELINE_WEEKS)
        for row in rows
        if row["recent"] >= TREND_FACTOR * row["before"] / BASELINE_WEEKS
    }
    brands = Brand.objects.in_bulk(list(candidates))
    trends = [Trend(brands[pk], recent, usual) for pk, (recent, usual) in candidates.items()]
    trends.sort(key=lambda t: (-t.factor, -t.this_week, t.brand.name))
    return trends[:limit]


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
