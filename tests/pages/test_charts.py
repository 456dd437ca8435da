"""Chart geometry (ecosystem/pages/charts.py): bars, round ticks, months, shares."""

import datetime

import pytest
from django.utils import translation

from ecosystem.pages import charts
from tests.factories import BrandFactory


@pytest.mark.parametrize(
    ("peak", "step"), [(0, 1), (3, 1), (7, 2), (10, 5), (38, 10), (120, 50), (4500, 2000)]
)
def test_value_ticks_step_in_round_numbers(peak, step):
    assert charts.nice_step(peak) == step


def test_a_weekly_chart_has_a_bar_per_week_scaled_to_the_top_tick():
    weeks = [
        (datetime.date(2026, 9, 28) + datetime.timedelta(weeks=n), c)
        for n, c in enumerate([0, 5, 10, 20])
    ]

    chart = charts.weekly_chart(weeks)

    assert [bar.value for bar in chart.bars] == [0, 5, 10, 20]
    assert chart.total == 35 and not chart.empty
    # The tallest bar reaches the top tick (20, in steps of 5), an empty week has no height.
    assert chart.bars[3].y == chart.top
    assert chart.bars[0].height == 0
    assert [tick.label for tick in chart.y_ticks] == ["0", "5", "10", "15", "20"]
    # Bars go left to right without overlapping.
    assert all(a.x + a.width <= b.x for a, b in zip(chart.bars, chart.bars[1:], strict=False))
    # October begins in the second week shown: its label sits under that bar.
    assert [(tick.position, tick.label) for tick in chart.x_ticks] == [(chart.bars[1].x, "Oct")]


def test_chart_labels_follow_the_language_but_coordinates_stay_numbers():
    weeks = [(datetime.date(2026, 10, 5), 1234)]
    with translation.override("de"):
        chart = charts.weekly_chart(weeks)

    assert chart.y_ticks[-1].label == "1.500"  # German grouping
    assert isinstance(chart.bars[0].x, float)
    assert "1234" in chart.bars[0].label
    assert chart.x_ticks[0].label == "Okt"


def test_an_empty_chart_says_so():
    chart = charts.weekly_chart([(datetime.date(2026, 10, 5), 0)])

    assert chart.empty


@pytest.mark.django_db
def test_shares_are_percent_of_the_whole_and_bars_relative_to_the_longest():
    brand = BrandFactory(name="Roborock", slug="roborock-x")

    rows = charts.shares([(brand, 30), (None, 10)])

    assert [(s.name, s.percent, s.width) for s in rows] == [
        ("Roborock", 75.0, 100.0),
        ("Other brands", 25.0, 33.3),
    ]
    assert rows[0].url == "/brands/roborock-x/"
    assert rows[1].url == ""
