"""Feed bytes in, a ParsedFeed out: the parsing boundary of the news ingestion pipeline.

Library: fastfeedparser 0.6.5 (lxml, plus a native extractor for well-formed UTF-8). Measured
with bench/parsers.py on the 200 feeds of shared/corpus/real-feeds (45 MB, one run, 2 cores):

    parser                   total    median/feed  entries  feeds failed  time vs feedparser
    feedparser 6.0.14        25.9 s   34.2 ms      6,555    2             1
    feedparser-rs 0.7.1       1.9 s    2.1 ms      6,186    1             1/13
    fastfeedparser 0.6.5      0.25 s   0.66 ms     6,600    0             1/102
    parse_feed (this module)  0.33 s   0.82 ms     6,600    0             1/79

fastfeedparser finds every entry feedparser finds, plus the 45 of the two feeds feedparser
reads as empty (a JSON Feed and an RSS feed with a mangled header); feedparser-rs loses 379
entries in three feeds and one feed whole. It is also the fastest by far. It does not
sanitise HTML: summaries and titles are raw and must be cleaned before display.

Guards, in the order they run (about 80 ms of the 0.33 s above):
- Bytes only. fastfeedparser.parse() fetches a str that looks like a URL; we raise TypeError.
- Empty, compressed, binary, plain text and JSON bodies are told apart by their first bytes.
  JSON Feed is read here, not by the library.
- Encoding: libxml2 always gets UTF-8 that says so. A byte-order mark (UTF-8/16/32) wins.
  Valid UTF-8 is read as UTF-8 whatever it declares. Other bytes: mostly UTF-8 with stray
  bytes keeps UTF-8 and reads those as windows-1252; else the declared encoding (ISO-8859-1
  read as windows-1252, GB2312 and GBK as GB18030); else the one <language> suggests; else
  GB18030 when the non-ASCII bytes come in runs (Chinese), windows-1252 when alone (German).
  Documents that declare UTF-8 are not checked up front (a check costs ~30 ms per corpus
  run): libxml2 marks bytes that are not UTF-8 with U+FFFD, and a feed whose fields hold one
  is checked, decoded as above and read again.
- Entities: a document with "<!ENTITY" after a DOCTYPE (the only spelling libxml2 reads) is
  refused before any parser sees it, as entity expansion or, with SYSTEM/PUBLIC, as XXE.
  Nothing is expanded, fetched or read from disk: the library's lxml parsers also run with
  resolve_entities=False and lxml's no_network/no DTD loading, and the DOCTYPE is removed
  before parsing. HTML's named entities become character references and bare ampersands
  &amp; first, so that libxml2 does not drop them and the text after them.
- HTML pages (first element html, head or body) are refused before parsing; whatever the
  library raises becomes a FeedParseError of one line.

Mapping: guid falls back to the link (fastfeedparser does that); published falls back to
updated; a description fastfeedparser made up from the content (a plain-text cut) is replaced
by that content; language comes from xml:lang or <language>/<dc:language>.
"""

import codecs
import html
import html.entities
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import fastfeedparser
import fastfeedparser.main

from ecosystem.news.ingestion.messages import one_line

__all__ = ["FeedParseError", "ParsedEntry", "ParsedFeed", "parse_feed"]


@dataclass(frozen=True)
class ParsedEntry:
    guid: str  # the feed's id/guid, "" when none
    link: str  # entry link as given (may be relative), "" when none
    title: str  # raw title text as the feed gives it (may hold HTML/entities)
    summary: str  # raw HTML of the summary/description (or content when no summary), "" when none
    published: datetime | None  # timezone-aware (UTC) or None when missing/unparseable


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str  # the site's link, "" when none
    language: str  # e.g. "de", "" when none
    entries: list[ParsedEntry]


class FeedParseError(Exception):
    """One human-readable line: "not a feed: the document is an HTML page", "malformed XML: ...",
    "refused: the document declares entities (possible entity-expansion attack)".

    `url` is the address the caller passed to parse_feed, "" when none.
    """

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.url = url


def parse_feed(body: bytes, *, url: str = "") -> ParsedFeed:
    """Parse the bytes of an RSS 0.9x/1.0/2.0, Atom or JSON Feed document.

    `url` is where the bytes came from; it only labels a FeedParseError. Nothing is
    fetched: the bytes are all this function reads. Raises FeedParseError for anything
    that is not a readable feed, and TypeError when `body` is not bytes (fastfeedparser
    itself would fetch a str that looks like a URL).
    """
    if not isinstance(body, bytes | bytearray | memoryview):
        raise TypeError(f"parse_feed() takes the feed's bytes, not {type(body).__name__}")
    try:
        return _parse(bytes(body))
    except FeedParseError as exc:
        exc.url = url
        raise


# ---------------------------------------------------------------------------------------------
# The steps


def _parse(body: bytes) -> ParsedFeed:
    if not body:
        raise FeedParseError("empty document: the body is 0 bytes long")
    if body.isspace():
        raise FeedParseError("empty document: the body holds only whitespace")
    if body.startswith((b"\x1f\x8b", b"PK\x03\x04")):
        raise FeedParseError("not a feed: the body is compressed; decompress it before parsing")
    data, verified = _as_utf8(body)
    head = data[:_SNIFF_BYTES].lstrip()
    if not head:
        raise FeedParseError("empty document: the body holds only a byte-order mark or whitespace")
    if head.startswith((b"{", b"[")):
        return _parse_json_feed(data if verified else _valid_utf8(data))
    if _looks_binary(head):
        raise FeedParseError("not a feed: the document is binary data")
    if data.find(b"<") == -1:
        raise FeedParseError("not a feed: the document is plain text")
    _refuse_entity_declarations(data)
    root = _first_element_name(data)
    _refuse_web_pages(root)
    feed = _read(data, root)
    if not verified and _has_replacement_characters(feed):
        # libxml2 puts U+FFFD where bytes are not the UTF-8 they claim to be: decode them
        # ourselves and read again. Ordinary UTF-8 feeds skip this check (see _as_utf8).
        repaired = _valid_utf8(data)
        if repaired is not data:
            feed = _read(repaired, root)
    return feed


def _read(data: bytes, root: str) -> ParsedFeed:
    """Read an RSS or Atom document (UTF-8, guarded) with fastfeedparser."""
    data = _repair_references(data)
    try:
        parsed = fastfeedparser.parse(data)
    except ValueError as exc:
        raise _explain(exc, root, data) from exc
    except Exception as exc:  # the library's own bugs must not escape as anything else
        detail = one_line(f"{type(exc).__name__}: {exc}")
        raise FeedParseError(f"unreadable feed: fastfeedparser failed with {detail}") from exc
    return _from_library(parsed, data)


def _has_replacement_characters(feed: ParsedFeed) -> bool:
    if "\ufffd" in feed.title:
        return True
    return any(
        "\ufffd" in entry.title or "\ufffd" in entry.summary or "\ufffd" in entry.link
        for entry in feed.entries
    )


# How much of a document the sniffers look at.
_SNIFF_BYTES = 8192


# ---------------------------------------------------------------------------------------------
# Encodings: whatever comes in, libxml2 gets UTF-8 bytes that say they are UTF-8.

_RE_XML_ENCODING = re.compile(
    rb"<\?xml[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._:-]{0,39})[\"']"
)
_ENCODING_DECL_WINDOW = 1024

# The legacy encodings a declaration may name. A label Python knows but that is not a text
# encoding ("base64", "rot13", "undefined") is treated as no label at all.
_MULTIBYTE_CODECS = frozenset(
    {"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950"}
    | {"shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949"}
)
_LEGACY_CODECS = _MULTIBYTE_CODECS | frozenset(
    {"ascii", "cp1125", "cp866", "cp874", "koi8-r", "koi8-u", "mac-roman", "tis-620"}
    | {f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)}
    | {f"cp{n}" for n in range(1250, 1259)}
)
_UNICODE_CODECS = frozenset(
    {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)
# What a label means on the web (WHATWG Encoding Standard): the superset is what
# publishers actually write when they name the smaller set.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
# A feed's language, when its bytes are in no encoding they declare, names the likely one.
_LANGUAGE_CODECS = {
    "zh": ("gb18030", "cp950"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk"), ("cp1251",)),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs"), ("cp1250",)),
    "el": ("cp1253",),
    "tr": ("cp1254",),
    "he": ("cp1255",),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256",)),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257",)),
    "vi": ("cp1258",),
    "th": ("cp874",),
}
_ZH_TRADITIONAL = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")

# windows-1252 for every byte, with the five bytes it leaves undefined read as Latin-1 (C1
# controls), which is what browsers do.
_CP1252_TABLE = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def _cp1252_for_undecodable(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes a decoder could not as windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return "".join(_CP1252_TABLE[b] for b in chunk), exc.end


_CP1252_FALLBACK = "ecosystem.news.feeds.cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_undecodable)


def _as_utf8(body: bytes) -> tuple[bytes, bool]:
    """The document as UTF-8 bytes whose XML declaration, if any, says UTF-8, and whether
    those bytes are known to be valid UTF-8.

    A byte-order mark wins over a declaration. Bytes that are valid UTF-8 are read as UTF-8
    whatever they declare: text in a legacy encoding is practically never valid UTF-8 by
    accident, while UTF-8 labelled ISO-8859-1 is common. Other bytes go to _decode_legacy.
    A document that says it is UTF-8 (or says nothing) is passed on unchecked, and _parse
    checks it only if what libxml2 made of it holds U+FFFD: a full UTF-8 check of every
    document would cost about a tenth of the parse.
    """
    for bom, codec in _WIDE_BOMS:
        if body.startswith(bom):
            return _encode(body[len(bom) :].decode(codec, errors="replace")), True
    wide = _sniff_wide_encoding(body)
    if wide:
        return _encode(body.decode(wide, errors="replace")), True
    bom_utf8 = body.startswith(codecs.BOM_UTF8)
    if bom_utf8:
        body = body[len(codecs.BOM_UTF8) :]
    declaration = _RE_XML_ENCODING.search(body, 0, _ENCODING_DECL_WINDOW)
    label = _codec_name(declaration.group(1)) if declaration else ""
    says_utf8 = declaration is None or label == "utf-8"
    if body.isascii():
        return (body if says_utf8 else _relabel(body, declaration)), True
    if says_utf8:
        return body, False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return _encode(_decode_legacy(body, "utf-8" if bom_utf8 else label)), True
    return _relabel(body, declaration), True


def _valid_utf8(data: bytes) -> bytes:
    """`data` itself when it is valid UTF-8, else its text re-encoded (see _decode_legacy)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _encode(_decode_legacy(data, "utf-8"))
    return data


def _relabel(data: bytes, declaration: re.Match[bytes]) -> bytes:
    return data[: declaration.start(1)] + b"utf-8" + data[declaration.end(1) :]


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _sniff_wide_encoding(body: bytes) -> str:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes fall."""
    first = body[:4]
    if len(first) < 4 or b"\x00" not in first:
        return ""
    if first[1:] == b"\x00\x00\x00":
        return "utf-32-le"
    if first[:3] == b"\x00\x00\x00":
        return "utf-32-be"
    if first[0] and not first[1] and first[2] and not first[3]:
        return "utf-16-le"
    if not first[0] and first[1] and not first[2] and first[3]:
        return "utf-16-be"
    return ""


# Web labels Python does not know.
_LABEL_ALIASES = {
    "x-gbk": "gbk",
    "x-sjis": "shift_jis",
    "x-euc-jp": "euc_jp",
    "windows-874": "cp874",
}


def _codec_name(label: bytes) -> str:
    """Python's name for an encoding label, "" for none or one that is not a text encoding."""
    text = label.decode("ascii", errors="replace").lower()
    try:
        name = codecs.lookup(_LABEL_ALIASES.get(text, text)).name
    except LookupError:
        return ""
    if name == "utf-8-sig":
        return "utf-8"
    return name if name in _LEGACY_CODECS or name in _UNICODE_CODECS else ""


def _decode_legacy(body: bytes, declared: str) -> str:
    """Text from bytes that are not valid UTF-8.

    Mostly valid UTF-8 with some stray bytes (a feed assembled from UTF-8 and windows-1252
    parts): UTF-8, the stray bytes read as windows-1252. Otherwise the first of these that
    decodes the whole document: the declared legacy encoding (taken as its web superset:
    ISO-8859-1 as windows-1252, GB2312 and GBK as GB18030); the encoding the feed's
    <language> points to; GB18030 when non-ASCII bytes come in pairs and runs, as in Chinese
    text, rather than alone, as in German; windows-1252.
    """
    lenient = body.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", errors="ignore"))
    if non_ascii - broken >= broken:
        return body.decode("utf-8", errors=_CP1252_FALLBACK)
    for codec in _legacy_candidates(body, declared):
        if codec not in _MULTIBYTE_CODECS:
            # A single-byte encoding reads any bytes: the first one named is taken.
            return body.decode(codec, errors=_CP1252_FALLBACK)
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    raise AssertionError("unreachable: the candidates end with windows-1252")


def _legacy_candidates(body: bytes, declared: str) -> list[str]:
    candidates = []
    if declared and declared not in _UNICODE_CODECS:
        candidates.append(_SUPERSETS.get(declared, declared))
    language = _declared_language(body).lower()
    if language.startswith(_ZH_TRADITIONAL):
        candidates.append("cp950")
    candidates.extend(_LANGUAGE_CODECS.get(language.partition("-")[0], ()))
    if _looks_double_byte(body):
        candidates.append("gb18030")
    candidates.append("cp1252")
    return candidates


_RE_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _looks_double_byte(body: bytes) -> bool:
    """Whether non-ASCII bytes mostly stand in runs (CJK) rather than alone (Latin umlauts)."""
    runs = single = 0
    for match in _RE_HIGH_RUN.finditer(body):
        runs += 1
        single += match.end() - match.start() == 1
    return runs > 0 and single * 2 < runs


def _encode(text: str) -> bytes:
    data = text.removeprefix("\ufeff").encode("utf-8", errors="replace")
    declaration = _RE_XML_ENCODING.search(data, 0, _ENCODING_DECL_WINDOW)
    return data if declaration is None else _relabel(data, declaration)


# ---------------------------------------------------------------------------------------------
# What the document is

_LANGUAGE_TAG = rb"([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8}){0,3})\b"
_RE_LANGUAGE_ELEMENT = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?language\b[^<>]{0,200}>\s*(?:<!\[CDATA\[\s*)?" + _LANGUAGE_TAG
)
_RE_XML_LANG = re.compile(rb"xml:lang\s*=\s*[\"']" + _LANGUAGE_TAG)
_LANGUAGE_WINDOW = 65536


def _declared_language(data: bytes) -> str:
    """The feed's own language tag (<language>, <dc:language> or xml:lang) from before its
    first entry, "" when none."""
    end = _LANGUAGE_WINDOW
    for marker in (b"<item", b":item", b"<entry", b":entry"):
        found = data.find(marker, 0, end)
        if found != -1:
            end = found
    at = data.find(b"language", 0, end)
    while at != -1:
        start = data.rfind(b"<", max(0, at - 40), at)
        match = _RE_LANGUAGE_ELEMENT.match(data, start, end) if start != -1 else None
        if match:
            return match.group(1).decode("ascii").replace("_", "-")
        at = data.find(b"language", at + 8, end)
    at = data.find(b"xml:lang", 0, end)
    match = _RE_XML_LANG.match(data, at, end) if at != -1 else None
    return match.group(1).decode("ascii").replace("_", "-") if match else ""


# Bytes that are not control characters (tab, line feed and carriage return are text).
_TEXT_BYTES = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 13))


def _looks_binary(head: bytes) -> bool:
    sample = head[:1024]
    controls = len(sample.translate(None, _TEXT_BYTES))
    return b"\x00" in sample or controls * 10 > len(sample)


_RE_ELEMENT_NAME = re.compile(rb"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def _first_element_name(data: bytes) -> str:
    """Lower-cased local name of the first element in the head of the document, "" if none.

    Steps over the XML declaration, comments, processing instructions and a DOCTYPE.
    """
    head = data[:_SNIFF_BYTES]
    pos = 0
    while (start := head.find(b"<", pos)) != -1:
        if head.startswith(b"<!--", start):
            end, width = head.find(b"-->", start + 4), 3
        elif head.startswith(b"<?", start):
            end, width = head.find(b"?>", start + 2), 2
        elif head.startswith(b"<!", start):
            end, width = head.find(b">", start + 2), 1
        else:
            name = _RE_ELEMENT_NAME.match(head, start + 1)
            return name.group(1).decode("ascii").lower() if name else ""
        if end == -1:
            return ""
        pos = end + width
    return ""


_HTML_PAGE_ROOTS = frozenset({"html", "head", "body"})
_HTML_FRAGMENT_ROOTS = frozenset({"div", "p", "br", "span", "table", "script", "style", "form"})


def _refuse_web_pages(root: str) -> None:
    if root in _HTML_PAGE_ROOTS:
        raise FeedParseError("not a feed: the document is an HTML page")
    if root in _HTML_FRAGMENT_ROOTS:
        raise FeedParseError(f"not a feed: the document is an HTML fragment (<{root}>)")


_RE_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_RE_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b")


def _refuse_entity_declarations(data: bytes) -> None:
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


def _repair_references(data: bytes) -> bytes:
    data = _RE_DOCTYPE_DECLARATION.sub(b"", data, count=1)
    if b"&" not in data:
        return data
    data = _RE_NAMED_REFERENCE.sub(_numeric_reference, data)
    return _RE_BARE_AMPERSAND.sub(b"&amp;", data)


_NOT_A_FEED = {
    "urlset": "an XML sitemap",
    "sitemapindex": "an XML sitemap index",
    "opml": "an OPML outline",
    "svg": "an SVG image",
}


def _explain(exc: ValueError, root: str, data: bytes) -> FeedParseError:
    """A FeedParseError for what fastfeedparser refused, in our words."""
    message = str(exc)
    if not data.rstrip().endswith(b">"):
        return FeedParseError("malformed XML: the document stops in the middle (truncated?)")
    if "HTML fragment" in message:
        return FeedParseError("not a feed: the document is an HTML fragment")
    if "HTML" in message:
        return FeedParseError("not a feed: the document is an HTML page")
    if root in _NOT_A_FEED:
        return FeedParseError(f"not a feed: the document is {_NOT_A_FEED[root]}")
    if "status message" in message or "returned error" in message:
        text = message.partition(": ")[2]
        return FeedParseError(one_line(f"not a feed: the server sent an error document: {text}"))
    if message.startswith("Unknown Atom namespace"):
        return FeedParseError(
            "not a feed: the <feed> element is not in the Atom namespace "
            "(http://www.w3.org/2005/Atom)"
        )
    if message.startswith("Unknown feed type"):
        return FeedParseError(
            f"not a feed: the root element is <{root or '?'}>, not <rss>, <feed> or <rdf:RDF>"
        )
    if "missing channel" in message:
        return FeedParseError("not a feed: the <rss> element holds no <channel>")
    cause = exc.__cause__ or exc.__context__
    if cause is not None and type(cause).__name__ == "XMLSyntaxError":
        return FeedParseError(one_line(f"malformed XML: {cause}"))
    if "couldn't be parsed as XML" in message or "empty content" in message.lower():
        return FeedParseError("malformed XML: no element could be read from the document")
    return FeedParseError(one_line(f"malformed XML: {message}"))


# ---------------------------------------------------------------------------------------------
# From fastfeedparser's dictionaries to ours


def _from_library(parsed: dict, data: bytes) -> ParsedFeed:
    feed = parsed.get("feed") or {}
    entries = [_entry(raw) for raw in parsed.get("entries") or ()]
    # fastfeedparser reads only xml:lang, not RSS's <language> or RSS 1.0's <dc:language>.
    language = _text(feed.get("language")) or _declared_language(data)
    return ParsedFeed(
        title=_text(feed.get("title")),
        link=_text(feed.get("link")),
        language=language,
        entries=entries,
    )


def _entry(raw: dict) -> ParsedEntry:
    return ParsedEntry(
        guid=_text(raw.get("id")),
        link=_text(raw.get("link")),
        title=_text(raw.get("title")),
        summary=_summary(raw),
        published=_iso_to_utc(raw.get("published")),
    )


def _text(value: object) -> str:
    return value.strip() if value.__class__ is str else ""


# fastfeedparser fills a missing description with a plain-text cut of the content (tags
# dropped, entities decoded, whitespace collapsed, at most 512 characters). The summary we
# promise is raw HTML, so such a cut is replaced by the content it was cut from. The cut is
# recognised by making it again with fastfeedparser's own routine (private, hence the guard).
_synthesize = getattr(fastfeedparser.main, "_synthesize_entry_description", None)
_CUT_CHARS = 512
_CUT_SOURCE_CHARS = 2048
_RE_TAG = re.compile(r"<[^>]+>")


def _summary(raw: dict) -> str:
    description = _text(raw.get("description"))
    content = raw.get("content")
    if not content or content[0].__class__ is not dict:
        return description
    original = content[0].get("value")
    value = _text(original)
    if not description:
        return value
    if (
        value == description
        or len(description) > _CUT_CHARS
        or not _may_be_cut(description, original)
    ):
        return description
    probe = {"content": [{"value": original}]}
    try:
        _synthesize(probe)
    except Exception:  # a routine we borrow: if it fails, the description stays
        return description
    return value if probe.get("description") == description else description


def _may_be_cut(description: str, content: str) -> bool:
    """A quick "no" for most descriptions that are not a cut of the content.

    A cut shorter than 512 characters is all the text of the content's first 2,048
    characters, so it ends with whatever text the last of them hold.
    """
    if _synthesize is None:
        return False
    if len(description) == _CUT_CHARS or "<" not in content:
        return True
    window = content[:_CUT_SOURCE_CHARS]
    for size in _CUT_TAILS:
        if len(window) <= size:
            text = window
        else:
            # From the first tag end in the tail on, no tag or entity is cut in half.
            tag_end = window.find(">", len(window) - size)
            if tag_end == -1:
                continue
            text = window[tag_end + 1 :]
        text = _RE_TAG.sub(" ", text)
        if "&" in text:
            text = html.unescape(text)
        ending = "".join(text.split())
        if ending or len(window) <= size:
            return "".join(description.split()).endswith(ending)
    return True


_CUT_TAILS = (160, 640, _CUT_SOURCE_CHARS)


def _iso_to_utc(value: object) -> datetime | None:
    """fastfeedparser gives dates as ISO 8601 strings in UTC, or None when it could not read one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return _as_utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        return None


def _as_utc(moment: datetime) -> datetime | None:
    try:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


# ---------------------------------------------------------------------------------------------
# JSON Feed (https://jsonfeed.org/version/1.1), read here: it is a dictionary away from ours.


def _parse_json_feed(data: bytes) -> ParsedFeed:
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise FeedParseError(one_line(f"malformed JSON: {exc}")) from None
    except RecursionError:
        raise FeedParseError("malformed JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise FeedParseError("not a feed: the document is JSON but not a JSON Feed")
    version = document.get("version")
    items = document.get("items")
    if not (isinstance(version, str) and "jsonfeed.org" in version) and not isinstance(items, list):
        raise FeedParseError("not a feed: the document is JSON but not a JSON Feed")
    # A JSON Feed whose items are not a list has no entries we can read.
    items = items if isinstance(items, list) else []
    entries = [_json_entry(item) for item in items if isinstance(item, dict)]
    return ParsedFeed(
        title=_text(document.get("title")),
        link=_text(document.get("home_page_url")),
        language=_text(document.get("language")),
        entries=entries,
    )


def _json_entry(item: dict) -> ParsedEntry:
    guid = item.get("id")
    if isinstance(guid, int | float) and not isinstance(guid, bool):
        guid = str(guid)  # the spec asks for a string; numbers are common
    # JSON Feed's summary and content_text are plain text; our summary is HTML.
    summary = _text(item.get("summary"))
    if summary:
        summary = html.escape(summary, quote=False)
    else:
        summary = _text(item.get("content_html")) or html.escape(
            _text(item.get("content_text")), quote=False
        )
    return ParsedEntry(
        guid=_text(guid),
        link=_text(item.get("url")) or _text(item.get("external_url")),
        title=_text(item.get("title")),
        summary=summary,
        published=_parse_date(item.get("date_published") or item.get("date_modified")),
    )


def _parse_date(value: object) -> datetime | None:
    """RFC 3339 as JSON Feed asks, or RFC 822 as some JSON feeds write; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return _as_utc(moment)
