import datetime

from django import template

register = template.Library()

_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


@register.simple_tag
def tie_date(value: datetime.date, precision: str) -> str:
    """A tie's date, no more precise than it is known ("2019", "2019-01" or "2019-01-10")."""
    return value.strftime(_FORMATS.get(precision, "%Y-%m-%d"))
