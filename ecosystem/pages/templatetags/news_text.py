"""Feed text as a list shows it: a summary as a short plain-text excerpt."""

import html

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator

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
    return Truncator(text).chars(length)


@register.filter
def highlight(text: str, query: SearchQuery | None) -> SafeString:
    """The text escaped, the words the search matched in <mark> (see news.search.highlight)."""
    return search.highlight(text, query)
