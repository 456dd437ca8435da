"""Web pages (HTML) as the ingestion reads them: telling one from a feed, and parsing it.

lxml's HTML parser (libxml2) reads whatever a server sends without raising, and
is bounded: the fetch caps the bytes, libxml2 stops nesting at 256 levels, and
nothing is fetched or read from disk (no network, no entities, no DTD).
"""

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser

from ecosystem.news.ingestion.parse.sniff import SNIFF_BYTES, first_element_name, looks_binary

# The elements a web page may begin with once a DOCTYPE and comments are stepped over.
_PAGE_STARTS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "style"})
_DOCTYPE_HTML = re.compile(rb"\s*<!doctype\s+html", re.IGNORECASE)


class PageError(Exception):
    """A document that cannot be read as a web page; the message is one line."""


def is_web_page(body: bytes) -> bool:
    """Whether `body` is an HTML page rather than a feed (or anything else)."""
    head = body[:SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return False  # JSON, plain text, binary: whatever "<" comes later is inside it
    if _DOCTYPE_HTML.match(head):
        return True
    return first_element_name(head) in _PAGE_STARTS


def read_page(body: bytes) -> HtmlElement:
    """The page's element tree; PageError for what is no web page at all."""
    if not body.strip():
        raise PageError("empty page: the body holds nothing")
    if looks_binary(body[:SNIFF_BYTES].lstrip()):
        raise PageError("not a web page: the document is binary data")
    try:
        body.decode("utf-8")
        encoding: str | None = "utf-8"
    except UnicodeDecodeError:
        encoding = None  # libxml2 reads the page's <meta charset>
    parser = HTMLParser(
        encoding=encoding,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
    )
    try:
        root = etree.fromstring(body, parser)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"not a web page: {' '.join(str(exc).split())[:200]}") from None
    if root is None or not isinstance(root, HtmlElement):
        raise PageError("not a web page: nothing in it could be read as HTML")
    return root
