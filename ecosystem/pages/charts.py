"""Charts as plain geometry for SVG templates: bars, axes, ticks and labels.

Every coordinate is a number the template prints unlocalised (a German decimal
comma would break the SVG); every chart also comes with the rows of a table,
which the template offers to screen readers and as a text alternative.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from ecosystem.brands.models import Brand

# The plot area inside the SVG's viewBox; the margins hold the axes' labels.
WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 26


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # what the bar stands for, said in the tooltip and the table


@dataclass(frozen=True)
class Tick:
    position: float  # y for the value axis, x for the time axis
    label: str


@dataclass
class TimeChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: float = WIDTH - RIGHT
    top: int = TOP
    bottom: float = HEIGHT - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    total: int = 0
    peak: int = 0

    @property
    def empty(self) -> bool:
        return self.total == 0


def nice_step(peak: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5, 10, 20, 50...) that divides 0..peak into about `ticks` parts."""
    if peak <= ticks:
        return 1
    rough = peak / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= rough:
            return int(multiple * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def weekly_chart(weeks: list[tuple[datetime.date, int]]) -> TimeChart:
    """One bar per week, a value axis with round ticks, and the months along the bottom."""
    chart = TimeChart()
    if not weeks:
        return chart
    chart.total = sum(count for _, count in weeks)
    chart.peak = max(count for _, count in weeks)
    step = nice_step(chart.peak)
    top_value = max(step, math.ceil(chart.peak / step) * step)
    plot_height = chart.bottom - chart.top
    slot = (chart.right - chart.left) / len(weeks)
    gap = min(2.0, slot * 0.2)

    def y_of(value: float) -> float:
        return round(chart.bottom - plot_height * value / top_value, 1)

    chart.y_ticks = [
        Tick(y_of(value), formats.number_format(value, force_grouping=True))
        for value in range(0, top_value + 1, step)
    ]
    for n, (monday, count) in enumerate(weeks):
        x = round(chart.left + n * slot + gap / 2, 1)
        label = _("Week of %(date)s: %(count)s") % {
            "date": formats.date_format(monday, "SHORT_DATE_FORMAT"),
            "count": count,
        }
        chart.bars.append(
            Bar(
                x,
                y_of(count),
                round(slot - gap, 1),
                round(chart.bottom - y_of(count), 1),
                count,
                label,
            )
        )
        if monday.day <= 7:  # the first Monday of a month starts its label
            chart.x_ticks.append(Tick(x, formats.date_format(monday, "M")))
    return chart


@dataclass(frozen=True)
class Share:
    name: str
    url: str
    count: int
    percent: float  # of all mentions, 0..100
    width: float  # of the longest bar, 0..100


def shares(rows: list[tuple[Brand | None, int]]) -> list[Share]:
    """Rows of (brand or None for "others", mentions) as shares of the whole."""
    total = sum(count for _, count in rows)
    longest = max((count for _, count in rows), default=0)
    if not total:
        return []
    return [
        Share(
            name=brand.name if brand is not None else _("Other brands"),
            url=brand.get_absolute_url() if brand is not None else "",
            count=count,
            percent=round(100 * count / total, 1),
            width=round(100 * count / longest, 1),
        )
        for brand, count in rows
    ]
