"""Feed text as a list shows it: a short plain-text excerpt, matched words, relative times."""

import datetime
import html

from django import template
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from ecosystem.news import search
from ecosystem.news.search import SearchQuery

register = template.Library()


@register.filter
def excerpt(summary_html: str, length: int = 240) -> str:
    """The summary's text without markup, entities decoded, cut at a word near `length`.

    The summary was sanitised when it was stored; the excerpt is plain text and
    is escaped again by the template, so "&amp;" shows as "&", never as "&amp;".
    """
    text = " ".join(html.unescape(strip_tags(summary_html)).split())
    if len(text) <= length:
        return text
    cut = text[:length]
    # Back to the last space, unless that loses much (Chinese has no spaces).
    if " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


@register.filter
def highlight(text: str, query: SearchQuery | None) -> SafeString:
    """The text escaped, the words the search matched in <mark> (see news.search.highlight)."""
    return search.highlight(text, query)


@register.filter
def time_ago(moment: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """When, as a person says it: "3 hours ago", "2 days ago", then the date.

    The page is cached for a minute or so, which relative times of minutes and
    more survive; the exact time is in the <time> element's title.
    """
    now = now or timezone.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return gettext("just now")
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if hours < 1:
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {
            "count": minutes
        }
    if days < 1:
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    if days < 7:
        return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
    if moment.year == now.year:
        return formats.date_format(moment, "MONTH_DAY_FORMAT")
    return formats.date_format(moment, "DATE_FORMAT")
