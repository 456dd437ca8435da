"""How much news each brand gets over time, and which brands are trending.

The trend rule, said in words on the home page and in alert mails: a brand is
trending when its news of the last seven days is at least TREND_FACTOR times
its weekly average over the eight weeks before, and at least TREND_MINIMUM
items, so that a brand going from one item to three does not count.

Everything here adds up the maintained counts of mentions per brand and day
(news/counters.py), so it reads at most a year of days whatever the number of
items; days are UTC days, and "the last seven days" are today and the six before.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.news import counters
from ecosystem.news.models import DailyMentions

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
    found: dict[datetime.date, int] = dict.fromkeys(mondays, 0)
    for row in counters.mentions_by_day(mondays[0], brand=brand):
        monday = row["day"] - datetime.timedelta(days=row["day"].weekday())
        if monday in found:
            found[monday] += row["n"]
    return list(found.items())


def share_of_voice(
    *, days: int = 365, top: int = 8, now: datetime.datetime | None = None
) -> list[tuple[Brand | None, int]]:
    """[(brand, mentions)] of the `top` most named brands over the last `days` days,
    most first, and (None, the rest) last when other brands were named too."""
    now = now or timezone.now()
    rows = (
        DailyMentions.objects.filter(day__gt=_today(now) - datetime.timedelta(days=days))
        .values("brand")
        .annotate(n=Sum("mentions"))
        .filter(n__gt=0)
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
    week_ago = _today(now) - WEEK + datetime.timedelta(days=1)  # the first of the seven days
    baseline_start = week_ago - BASELINE_WEEKS * WEEK
    rows = (
        DailyMentions.objects.filter(day__gte=baseline_start)
        .values("brand")
        .annotate(
            recent=Sum("mentions", filter=Q(day__gte=week_ago), default=0),
            before=Sum("mentions", filter=Q(day__lt=week_ago), default=0),
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


def _today(now: datetime.datetime) -> datetime.date:
    return now.astimezone(datetime.UTC).date()
