"""Feed bytes in, a ParsedFeed out: the parsing boundary of the news ingestion pipeline.

Library: fastfeedparser 0.6.5 (lxml, plus a native extractor for well-formed UTF-8), chosen
over feedparser and feedparser-rs by bench/parsers.py on the real-feed corpus (the numbers are
in docs/performance.md, "The feed parser"). It does not sanitise HTML: summaries and titles
are raw and must be cleaned before display.

The package: sniff.py tells what a document is, encoding.py makes it UTF-8, guards.py
refuses or defuses hostile input, entries.py reads RSS and Atom with the library,
jsonfeed.py reads JSON Feed, dates.py reads dates; this module runs the steps in order.

Guards, in the order they run (about 80 ms of parse_feed's 0.33 s on that corpus):
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

- Control characters XML forbids (a stray NUL in one title) are removed from the document,
  as feedparser and Miniflux read such feeds; only a document that does not begin as markup
  and holds NULs, or is a tenth control characters, is refused as binary.
- Feeds written with what fastfeedparser drops (xhtml titles and summaries, xml:base on
  relative links, escaped markup in a text construct, guids marked as no permalink) are
  read by feedparser instead (fallback.py); 2 of the 200 real feeds.

Mapping: guid falls back to the link (fastfeedparser does that); the link falls back to a
guid or Atom id that is a web address; published falls back to updated; the summary is the
longer of the description and the content (content:encoded, Atom content), as raw HTML, and
both are kept apart too when the feed has a content besides its description (clean.py makes
the description the item's summary and the content its body);
language comes from xml:lang or <language>/<dc:language>.
"""

from ecosystem.news.ingestion.parse.encoding import as_utf8, valid_utf8
from ecosystem.news.ingestion.parse.entries import read_xml
from ecosystem.news.ingestion.parse.guards import refuse_entity_declarations, refuse_web_pages
from ecosystem.news.ingestion.parse.jsonfeed import parse_json_feed
from ecosystem.news.ingestion.parse.results import FeedParseError, ParsedEntry, ParsedFeed
from ecosystem.news.ingestion.parse.sniff import (
    SNIFF_BYTES,
    first_element_name,
    looks_binary,
    remove_controls,
)

__all__ = ["FeedParseError", "ParsedEntry", "ParsedFeed", "parse_feed"]


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


def _parse(body: bytes) -> ParsedFeed:
    if not body:
        raise FeedParseError("empty document: the body is 0 bytes long")
    if body.isspace():
        raise FeedParseError("empty document: the body holds only whitespace")
    if body.startswith((b"\x1f\x8b", b"PK\x03\x04")):
        raise FeedParseError("not a feed: the body is compressed; decompress it before parsing")
    data, verified = as_utf8(body)
    head = data[:SNIFF_BYTES].lstrip()
    if not head:
        raise FeedParseError("empty document: the body holds only a byte-order mark or whitespace")
    if head.startswith((b"{", b"[")):
        return parse_json_feed(data if verified else valid_utf8(data))
    if looks_binary(head):
        raise FeedParseError("not a feed: the document is binary data")
    data = remove_controls(data)
    if data.find(b"<") == -1:
        raise FeedParseError("not a feed: the document is plain text")
    refuse_entity_declarations(data)
    root = first_element_name(data)
    refuse_web_pages(root)
    feed = read_xml(data, root)
    if not verified and _has_replacement_characters(feed):
        # libxml2 puts U+FFFD where bytes are not the UTF-8 they claim to be: decode them
        # ourselves and read again. Ordinary UTF-8 feeds skip this check (see as_utf8).
        repaired = valid_utf8(data)
        if repaired is not data:
            feed = read_xml(repaired, root)
    return feed


def _has_replacement_characters(feed: ParsedFeed) -> bool:
    if "\ufffd" in feed.title:
        return True
    return any(
        "\ufffd" in entry.title or "\ufffd" in entry.summary or "\ufffd" in entry.link
        for entry in feed.entries
    )
