"""Tie dates shown no more precisely than they are known (pages/templatetags/tie_dates.py)."""

import datetime

import pytest
from django.template import Context, Template

from ecosystem.brands.models import Brand, Tie
from ecosystem.pages.templatetags.tie_dates import tie_date
from tests.factories import BrandFactory, TieFactory

DAY = datetime.date(2019, 1, 10)


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "2019"), ("month", "2019-01"), ("day", "2019-01-10"), ("", "2019-01-10")],
)
def test_a_date_is_shown_to_its_precision(precision, shown):
    assert tie_date(DAY, precision) == shown


def test_the_tag_renders_in_a_template():
    template = Template("{% load tie_dates %}{% tie_date since precision %}")
    rendered = template.render(Context({"since": DAY, "precision": "month"}))
    assert rendered == "2019-01"


@pytest.mark.django_db
def test_a_brand_page_shows_each_tie_date_to_its_own_precision(client):
    acme = BrandFactory(slug="acme", name="Acme")
    TieFactory(
        brand=acme,
        target=Brand.objects.get(slug="xiaomi"),
        type=Tie.Type.FORMER_PARTNER_OF,
        since=datetime.date(2016, 3, 1),
        since_precision="month",
        until=datetime.date(2021, 1, 1),
        until_precision="year",
    )
    page = client.get("/brands/acme/").content.decode()
    assert "since 2016-03, until 2021<" in page
    assert '<time datetime="2016-03">2016-03</time>' in page  # the timeline
    assert "2016-03-01" not in page and "2021-01" not in page
