"""A brand's ties as its page tells them: grouped under headings that read as
sentences in each language, and as a timeline of what happened when."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ecosystem.brands.models import Brand, Tie

Type = Tie.Type
# The order of the groups: how a brand belongs to Xiaomi first, then money and
# shops, then history.
ORDER = [
    Type.SUB_BRAND_OF,
    Type.SUBSIDIARY_OF,
    Type.INVESTED_IN_BY,
    Type.SOLD_THROUGH,
    Type.FORMER_PARTNER_OF,
    Type.RENAMED_FROM,
]

# Headings, seen from the page's brand: "out" when it is the tie's brand
# ("Redmi sub-brand of Xiaomi", on Redmi's page), "in" when it is the target.
HEADINGS = {
    (Type.SUB_BRAND_OF, "out"): gettext_noop("%(brand)s is a sub-brand of"),
    (Type.SUB_BRAND_OF, "in"): gettext_noop("Sub-brands of %(brand)s"),
    (Type.SUBSIDIARY_OF, "out"): gettext_noop("%(brand)s is a subsidiary of"),
    (Type.SUBSIDIARY_OF, "in"): gettext_noop("Subsidiaries of %(brand)s"),
    (Type.INVESTED_IN_BY, "out"): gettext_noop("Investors in %(brand)s"),
    (Type.INVESTED_IN_BY, "in"): gettext_noop("Companies %(brand)s invested in"),
    (Type.SOLD_THROUGH, "out"): gettext_noop("%(brand)s sells through"),
    (Type.SOLD_THROUGH, "in"): gettext_noop("Brands sold through %(brand)s"),
    (Type.FORMER_PARTNER_OF, "out"): gettext_noop("%(brand)s used to work with"),
    (Type.FORMER_PARTNER_OF, "in"): gettext_noop("Former partners of %(brand)s"),
    (Type.RENAMED_FROM, "out"): gettext_noop("%(brand)s was formerly"),
    (Type.RENAMED_FROM, "in"): gettext_noop("%(brand)s was renamed to"),
}

# What began on a tie's "since" date, as a sentence: %(brand)s is the tie's
# brand, %(target)s its target.
BEGINNINGS = {
    Type.SUB_BRAND_OF: gettext_noop("%(brand)s becomes a sub-brand of %(target)s"),
    Type.SUBSIDIARY_OF: gettext_noop("%(brand)s becomes a subsidiary of %(target)s"),
    Type.INVESTED_IN_BY: gettext_noop("%(target)s invests in %(brand)s"),
    Type.SOLD_THROUGH: gettext_noop("%(brand)s starts selling through %(target)s"),
    Type.FORMER_PARTNER_OF: gettext_noop("%(brand)s starts working with %(target)s"),
    Type.RENAMED_FROM: gettext_noop("%(target)s is renamed %(brand)s"),
}
ENDING = gettext_noop("Ends: %(sentence)s")


@dataclass(frozen=True)
class TieLine:
    tie: Tie
    other: Brand  # the brand at the tie's other end


@dataclass(frozen=True)
class TieGroup:
    type: str
    direction: str  # "out" or "in"
    heading: str
    lines: list[TieLine]


@dataclass(frozen=True)
class Event:
    date: datetime.date
    precision: str  # "year", "month" or "day": how precisely the date is known
    text: str
    tie: Tie
    ended: bool  # the tie ended on this date


def tie_groups(brand: Brand, ties: list[Tie]) -> list[TieGroup]:
    """The brand's ties grouped by type and direction, in ORDER, current ties first."""
    groups = []
    for tie_type in ORDER:
        for direction in ("out", "in"):
            lines = [
                TieLine(tie, tie.target if direction == "out" else tie.brand)
                for tie in ties
                if tie.type == tie_type and (tie.brand_id == brand.pk) == (direction == "out")
            ]
            if lines:
                lines.sort(key=lambda line: (line.tie.until is not None, line.other.name.lower()))
                heading = _(HEADINGS[tie_type, direction]) % {"brand": brand.name}
                groups.append(TieGroup(tie_type, direction, heading, lines))
    return groups


def timeline(ties: list[Tie]) -> list[Event]:
    """Every dated beginning and end among the ties, oldest first."""
    events = []
    for tie in ties:
        names = {"brand": tie.brand.name, "target": tie.target.name}
        sentence = _(BEGINNINGS[Type(tie.type)]) % names
        if tie.since:
            events.append(Event(tie.since, tie.since_precision, sentence, tie, ended=False))
        if tie.until:
            ending = _(ENDING) % {"sentence": sentence}
            events.append(Event(tie.until, tie.until_precision, ending, tie, ended=True))
    events.sort(key=lambda event: (event.date, event.ended, event.text))
    return events
