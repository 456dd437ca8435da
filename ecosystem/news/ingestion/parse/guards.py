"""Hostile input refused or defused before any parser sees it: web pages, entities."""

import html.entities
import re

from ecosystem.news.ingestion.parse.results import FeedParseError

_HTML_PAGE_ROOTS = frozenset({"html", "head", "body"})
_HTML_FRAGMENT_ROOTS = frozenset({"div", "p", "br", "span", "table", "script", "style", "form"})


def refuse_web_pages(root: str) -> None:
    if root in _HTML_PAGE_ROOTS:
        raise FeedParseError("not a feed: the document is an HTML page")
    if root in _HTML_FRAGMENT_ROOTS:
        raise FeedParseError(f"not a feed: the document is an HTML fragment (<{root}>)")


_RE_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_RE_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b")


def refuse_entity_declarations(data: bytes) -> None:
    """Refuse a document whose DOCTYPE declares entities, before any parser sees it.

    libxml2 reads an entity declaration only as "<!ENTITY" (in capitals) inside a DOCTYPE, so a
    document without that string after a DOCTYPE declares none. One declared is refused
    whatever it holds: feeds have no use for them, while they are how billion-laughs
    expansion and XXE (SYSTEM "file://...", "http://...") work.
    """
    at = data.find(b"<!ENTITY")
    if at == -1 or _RE_DOCTYPE.search(data, 0, at) is None:
        return
    if _RE_EXTERNAL_ENTITY.search(data, at):
        raise FeedParseError(
            "refused: the document declares external entities (possible XXE attack)"
        )
    raise FeedParseError(
        "refused: the document declares entities (possible entity-expansion attack)"
    )


# What real feeds get wrong and libxml2 would answer by dropping text: HTML's named
# entities (&eacute;, &nbsp;, which only RSS 0.91's or XHTML's DTD would define, and libxml2
# never loads a DTD here) and bare ampersands ("Q&A"). Both are rewritten first: named ones
# as character references, bare ones as &amp;. The DOCTYPE itself goes too (entity
# declarations were refused before), so no parser ever opens the DTD it names.
_RE_DOCTYPE_DECLARATION = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[[^\]]*\])?\s*>", re.IGNORECASE)
_RE_NAMED_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});")
_RE_BARE_AMPERSAND = re.compile(
    rb"&(?!#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"
)


def _numeric_reference(match: re.Match[bytes]) -> bytes:
    text = html.entities.html5.get(match.group(1).decode("ascii") + ";")
    if text is None:
        return b"&amp;" + match.group(0)[1:]  # unknown: keep it as text
    return "".join(f"&#{ord(char)};" for char in text).encode("ascii")


def repair_references(data: bytes) -> bytes:
    data = _RE_DOCTYPE_DECLARATION.sub(b"", data, count=1)
    if b"&" not in data:
        return data
    if b"<![CDATA[" not in data:
        return _repair(data)
    # A CDATA section is text as written: "&utm_source=" in a link there is no reference to
    # repair, and an "&amp;" put there would stay in the link. Sections are found with
    # find(), many times faster than a regular expression over a large document.
    parts = []
    position = 0
    while (start := data.find(b"<![CDATA[", position)) != -1:
        end = data.find(b"]]>", start + 9)
        end = len(data) if end == -1 else end + 3
        outside = data[position:start]
        parts.append(_repair(outside) if b"&" in outside else outside)
        parts.append(data[start:end])
        position = end
    rest = data[position:]
    parts.append(_repair(rest) if b"&" in rest else rest)
    return b"".join(parts)


def _repair(data: bytes) -> bytes:
    data = _RE_NAMED_REFERENCE.sub(_numeric_reference, data)
    return _RE_BARE_AMPERSAND.sub(b"&amp;", data)
