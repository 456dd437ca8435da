"""Announcement bodies as safe HTML: editors write Markdown, official feeds bring HTML.

Markdown is rendered with markdown-it-py (CommonMark plus tables and
strikethrough) and the result is sanitised with nh3, which keeps a small set of
tags, drops scripts, event handlers and unsafe link schemes, and gives every
link rel="noopener noreferrer". Raw HTML in the Markdown goes through the same
sanitiser, so what survives is the same small set whichever way it was written.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Headings in a body sit below the page's own headings and the announcement's
# title (an <h3> in the lists): "#" becomes <h4>, and deeper ones <h5> and <h6>.
HEADING_SHIFT = 3

TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
# Feed summaries were stored with this rel (ecosystem/news/ingestion/clean.py): links
# from other sites keep their nofollow.
FEED_LINK_REL = "noopener noreferrer nofollow"

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _shift_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1:]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def sanitise(markup: str, *, link_rel: str = LINK_REL) -> str:
    """`markup` with only the allowed tags, attributes and link schemes left."""
    return nh3.clean(
        markup,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=link_rel,
    ).strip()


def render_markdown(text: str) -> str:
    """An editor's Markdown as sanitised HTML."""
    tokens = _markdown.parse(text or "")
    _shift_headings(tokens)
    return sanitise(_markdown.renderer.render(tokens, _markdown.options, {}))


def render_body(body: str, *, from_feed: bool) -> str:
    """The HTML to show for an announcement's body.

    Bodies of announcements made from an official feed are HTML that the feed
    pipeline sanitised already; they are only sanitised again, not rendered.
    """
    if from_feed:
        return sanitise(body or "", link_rel=FEED_LINK_REL)
    return render_markdown(body)
