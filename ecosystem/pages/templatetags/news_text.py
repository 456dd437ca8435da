"""Feed text as a list shows it: a summary as a short plain-text excerpt."""

import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()


@register.filter
def excerpt(summary_html: str, length: int = 240) -> str:
    """The summary's text without markup, entities decoded, cut at a word near `length`.

    The summary was sanitised when it was stored; the excerpt is plain text and
    is escaped again by the template, so "&amp;" shows as "&", never as "&amp;".
    """
    text = " ".join(html.unescape(strip_tags(summary_html)).split())
    return Truncator(text).chars(length)
