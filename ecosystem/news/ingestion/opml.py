"""Sources in and out as OPML, the file format feed readers exchange subscriptions in.

Import is all or nothing: a file with any problem (not XML, a DOCTYPE, no feeds,
a feed outline without xmlUrl, a URL that is not http(s)) is refused with a
message naming each problem, and no source is written. The file is parsed with
the standard library's expat, which is told to refuse any DOCTYPE, so entity
tricks (billion laughs, external entities) never get as far as being expanded.
"""

import datetime
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NoReturn
from urllib.parse import urlsplit
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext

from ecosystem.news.ingestion.clean import strip_control
from ecosystem.news.models import Source

MAX_BYTES = 2 * 1024 * 1024
MAX_FEEDS = 5000
# How many problems one refusal lists; the rest are counted.
MAX_PROBLEMS = 10


def _max_length(name: str) -> int:
    source_field = Source._meta.get_field(name)
    assert isinstance(source_field, Field) and source_field.max_length, name
    return source_field.max_length


_NAME_LENGTH = _max_length("name")
_URL_LENGTH = _max_length("url")
_LANGUAGE_LENGTH = _max_length("language")
_http_url = URLValidator(schemes=["http", "https"])


class OpmlError(Exception):
    """The file cannot be imported; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Feed:
    name: str
    url: str
    language: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.created)} sources added, {len(self.existing)} already there"


class _Refused(Exception):
    """Raised inside an expat handler to stop parsing."""


@dataclass
class _Outline:
    attributes: dict[str, str]
    line: int
    has_children: bool = False


def _is_http_url(url: str) -> bool:
    try:
        _http_url(url)
    except ValidationError:
        return False
    return len(url) <= _URL_LENGTH


def _too_many_feeds() -> str:
    return gettext("The file has more than %(count)d feeds.") % {"count": MAX_FEEDS}


def _refuse_doctype(*args: object) -> NoReturn:
    raise _Refused(
        gettext("The file has a DOCTYPE; OPML needs none, and files with one are refused.")
    )


def _refuse_entity(*args: object) -> NoReturn:
    raise _Refused(gettext("The file declares or refers to external entities; it is refused."))


def _outlines(data: bytes) -> list[_Outline]:
    """Every <outline> inside <opml><body>, in document order, with whether it has children."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity
    path: list[str] = []
    open_outlines: list[_Outline] = []
    found: list[_Outline] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if not path and name != "opml":
            raise _Refused(
                gettext("This is not OPML: the document is <%(element)s>, not <opml>.")
                % {"element": name}
            )
        path.append(name)
        if name == "outline" and path[:2] == ["opml", "body"]:
            if open_outlines:
                open_outlines[-1].has_children = True
            outline = _Outline(attributes, parser.CurrentLineNumber)
            open_outlines.append(outline)
            found.append(outline)
            if len(found) > MAX_FEEDS * 2:
                raise _Refused(_too_many_feeds())

    def end(name: str) -> None:
        path.pop()
        if name == "outline" and open_outlines and path[:2] == ["opml", "body"]:
            open_outlines.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise OpmlError([str(exc)]) from None
    except expat.ExpatError as exc:
        raise OpmlError(
            [
                gettext("This is not XML: %(error)s (line %(line)d).")
                % {"error": expat.ErrorString(exc.code), "line": exc.lineno}
            ]
        ) from None
    return found


def parse_opml(data: bytes) -> list[Feed]:
    """The feeds an OPML file lists, or OpmlError with every problem found."""
    if len(data) > MAX_BYTES:
        raise OpmlError(
            [gettext("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}]
        )
    problems, feeds, seen = [], [], set()
    for outline in _outlines(data):
        attributes = {key.lower(): value.strip() for key, value in outline.attributes.items()}
        url = strip_control(attributes.get("xmlurl", ""))
        label = attributes.get("text") or attributes.get("title") or ""
        where = (
            gettext('line %(line)d ("%(label)s")') % {"line": outline.line, "label": label[:60]}
            if label
            else gettext("line %(line)d") % {"line": outline.line}
        )
        if not url:
            # An outline with outlines inside is a folder; only a leaf must be a feed.
            if not outline.has_children:
                problems.append(gettext("%(where)s: the outline has no xmlUrl.") % {"where": where})
            continue
        if not _is_http_url(url):
            problems.append(
                gettext("%(where)s: %(url)s is not an http:// or https:// URL.")
                % {"where": where, "url": repr(url[:100])}
            )
            continue
        language = attributes.get("language", "")
        if len(language) > _LANGUAGE_LENGTH:
            problems.append(
                gettext("%(where)s: the language %(language)s is not a language code.")
                % {"where": where, "language": repr(language[:20])}
            )
            continue
        if url in seen:
            continue
        seen.add(url)
        name = strip_control(label) or urlsplit(url).hostname or url
        feeds.append(Feed(name=name[:_NAME_LENGTH], url=url, language=language))
    if not feeds and not problems:
        problems.append(gettext("The file lists no feeds: no <outline> has an xmlUrl."))
    if len(feeds) > MAX_FEEDS:
        problems.append(_too_many_feeds())
    if problems:
        more = len(problems) - MAX_PROBLEMS
        rest = [gettext("… and %(count)d more.") % {"count": more}] if more > 0 else []
        raise OpmlError(problems[:MAX_PROBLEMS] + rest)
    return feeds


@transaction.atomic
def import_feeds(feeds: list[Feed]) -> ImportReport:
    """Add a Source per feed whose URL is not one already; existing ones stay as they are.

    A URL that is a web page rather than a feed is found out by the source's first
    fetch, which follows the feed the page names or reads the page for its articles.
    """
    report = ImportReport()
    urls = [feed.url for feed in feeds]
    existing = set(Source.objects.filter(url__in=urls).values_list("url", flat=True))
    # A page a source found its feed on is that source.
    existing |= set(Source.objects.filter(page_url__in=urls).values_list("page_url", flat=True))
    new = []
    for feed in feeds:
        if feed.url in existing:
            report.existing.append(feed.url)
        else:
            new.append(Source(name=feed.name, url=feed.url, language=feed.language))
            report.created.append(feed.url)
    Source.objects.bulk_create(new)
    return report


def import_opml(data: bytes) -> ImportReport:
    """Parse, then import: any problem raises OpmlError before anything is written."""
    return import_feeds(parse_opml(data))


def export_opml(
    sources: Iterable[Source],
    *,
    title: str = "Xiaomi Ecosystem Tracker: sources",
    now: datetime.datetime | None = None,
) -> bytes:
    """An OPML 2.0 document with one outline (text, xmlUrl, language) per source."""
    now = now or timezone.now()
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = email.utils.format_datetime(
        now.astimezone(datetime.UTC)
    )
    body = ET.SubElement(opml, "body")
    for source in sources:
        name = strip_control(source.name)
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=name,
            title=name,
            xmlUrl=strip_control(source.url),
            language=strip_control(source.language),
        )
    ET.indent(opml)
    return ET.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"
