"""parse_feed: the bytes of a feed in, a ParsedFeed out, and FeedParseError for anything else.

The fixtures are tests/fixtures/feeds/parse-*: small feeds written for these tests.
"""

import gzip
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ecosystem.news.ingestion.parse import (
    FeedParseError,
    ParsedEntry,
    ParsedFeed,
    dates,
    encoding,
    guards,
    parse_feed,
    sniff,
)

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "feeds"
CORPUS = REPO.parent / "shared" / "corpus" / "real-feeds"

# Measured on the 200 files of the corpus: 200 parse into a feed with entries, 6,600 entries
# in all. The bars below leave room for a library upgrade to read two odd feeds differently.
CORPUS_FEEDS_WITH_ENTRIES = 198
CORPUS_ENTRIES = 6500


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str) -> ParsedFeed:
    return parse_feed(fixture(name))


def titles(feed: ParsedFeed) -> list[str]:
    return [entry.title for entry in feed.entries]


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def rss_with(item: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Mi</title><link>https://mi.example.com/</link><item>{item}</item>"
        "</channel></rss>"
    ).encode()


def refusal(body: bytes) -> str:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body)
    return str(caught.value)


# --- The formats -------------------------------------------------------------------------------


def test_it_reads_rss2_entries():
    feed = parse_fixture("parse-rss2.xml")

    assert isinstance(feed, ParsedFeed)
    assert all(isinstance(entry, ParsedEntry) for entry in feed.entries)
    assert titles(feed) == [
        "Xiaomi 15 Ultra arrives in Europe with a Leica-tuned camera",
        "Roborock & Dreame trade blows over robot vacuum patents",
        "Yeelight <em>Cube</em> lamp gets Matter support",
        "Segway-Ninebot scooter recall: what owners should know",
        "Amazfit Balance 2 review: two weeks on one charge",
    ]
    first = feed.entries[0]
    assert first.guid == "wire-2025-0001"
    assert first.link == "https://wire.example.com/2025/03/xiaomi-15-ultra-europe"
    assert first.summary == "<p>The <b>Xiaomi 15 Ultra</b> goes on sale in Europe this week.</p>"
    assert first.published == utc(2025, 3, 2, 13, 30)


def test_it_reads_the_rss2_channel_including_its_language():
    feed = parse_fixture("parse-rss2.xml")

    assert (feed.title, feed.link, feed.language) == (
        "Mi Ecosystem Wire",
        "https://wire.example.com/",
        "en-us",
    )


def test_it_keeps_titles_and_links_as_the_feed_gives_them():
    rss = parse_fixture("parse-rss2.xml")
    atom = parse_fixture("parse-atom.xml")

    # The XML is decoded; HTML in the text stays, escaped or not, for the cleaner to handle.
    assert rss.entries[2].title == "Yeelight <em>Cube</em> lamp gets Matter support"
    assert atom.entries[1].title == "Qrevo Curv &amp; the <i>FlexiArm</i> mop"
    # Relative links are not resolved here.
    assert rss.entries[1].link == "/2025/03/roborock-dreame-patents"
    assert atom.entries[1].link == "entries/qrevo-curv"


def test_the_summary_is_the_longer_of_description_and_content_as_raw_html():
    rss = parse_fixture("parse-rss2.xml")
    atom = parse_fixture("parse-atom.xml")

    # The content says more than the description: it is the summary.
    assert rss.entries[1].summary == (
        "<p>Both companies sell through Xiaomi&rsquo;s Youpin platform.</p>\n"
        "<p>The dispute is about self-emptying docks.</p>"
    )
    assert rss.entries[2].summary == (
        "<p>Yeelight's modular <em>Cube</em> lamp now speaks Matter &amp; Thread.</p>"
    )
    assert atom.entries[0].summary == (
        "<p>The <strong>Saros 10R</strong> lifts itself over 4\xa0cm thresholds.</p>"
    )
    assert atom.entries[1].summary == (
        "<p>A mop arm that reaches into corners &amp; under cabinets.</p>"
    )
    assert atom.entries[2].summary == ""


def test_an_entry_without_guid_gets_its_link_as_guid_and_without_either_empty_strings():
    feed = parse_fixture("parse-rss2.xml")

    yeelight, amazfit = feed.entries[2], feed.entries[4]
    assert (
        yeelight.guid == yeelight.link == ("https://wire.example.com/2025/03/yeelight-cube-matter")
    )
    assert (amazfit.guid, amazfit.link, amazfit.published) == ("wire-2025-0005", "", None)


def test_it_reads_atom_entries():
    feed = parse_fixture("parse-atom.xml")

    assert (feed.title, feed.link, feed.language) == (
        "Roborock Newsroom (unofficial)",
        "https://robo.example.org/news/",
        "en",
    )
    assert [entry.guid for entry in feed.entries] == [
        "tag:robo.example.org,2025:saros-10r",
        "tag:robo.example.org,2025:qrevo-curv",
        "tag:robo.example.org,2025:teardown",
    ]
    assert feed.entries[0].link == "https://robo.example.org/news/saros-10r"
    assert feed.entries[0].published == utc(2025, 5, 19, 1, 30)
    assert feed.entries[2].link == ""


def test_published_falls_back_to_updated_and_then_to_none():
    feed = parse_fixture("parse-atom.xml")

    assert feed.entries[1].published == utc(2025, 5, 18, 20, 45)
    assert feed.entries[2].published is None


def test_it_reads_rss1_rdf_entries():
    feed = parse_fixture("parse-rdf.xml")

    assert (feed.title, feed.link, feed.language) == (
        "Technik-Ticker",
        "https://technik.example.de/",
        "de",
    )
    assert titles(feed) == [
        "Xiaomi eröffnet Flagship-Store in München",
        "Roborock-Saugroboter: Update schließt Sicherheitslücke",
    ]
    assert feed.entries[0].link == "https://technik.example.de/meldung/101"
    assert feed.entries[0].summary == (
        "Der größte Laden des Herstellers in Deutschland öffnet am Samstag."
    )
    assert [entry.published for entry in feed.entries] == [
        utc(2025, 4, 12, 8, 0),
        utc(2025, 4, 13, 18, 45),
    ]


def test_it_reads_rss091_and_the_html_entities_its_doctype_names():
    feed = parse_fixture("parse-rss091.xml")

    assert feed.language == "fr"
    assert titles(feed) == ["Café lights: Yeelight strips in a Paris bistro"]
    assert feed.entries[0].summary == "Warm white at 2700\xa0K all evening."


def test_it_reads_json_feed_items():
    feed = parse_fixture("parse-jsonfeed.json")

    assert (feed.title, feed.link, feed.language) == (
        "小米生态快讯",
        "https://kuaixun.example.cn/",
        "zh-CN",
    )
    phone, robot, lamp = feed.entries
    assert (phone.guid, phone.title) == ("kx-2025-0601", "小米发布新手机")
    assert phone.link == "https://kuaixun.example.cn/2025/06/xiaomi-new-phone"
    # JSON Feed's summary is plain text; ours is HTML, so it comes escaped.
    assert phone.summary == "新机搭载自研芯片 &amp; 更大电池"
    assert phone.published == utc(2025, 6, 1, 12, 0)
    assert robot.guid == "20250602"
    assert robot.link == "https://elsewhere.example.com/roborock"
    assert robot.summary == "清洁更彻底 &lt;3"
    assert robot.published == utc(2025, 6, 2, 8, 0)
    assert (lamp.link, lamp.summary, lamp.published) == (
        "/2025/06/yeelight",
        "<p>支持 Matter。</p>",
        None,
    )


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Tue, 10 Jun 2025 08:30:00 +0200", utc(2025, 6, 10, 6, 30)),
        ("Tue, 10 Jun 2025 08:30:00 GMT", utc(2025, 6, 10, 8, 30)),
        ("Tue, 10 Jun 2025 08:30:00 -0000", utc(2025, 6, 10, 8, 30)),
        ("10 Jun 2025 08:30:00 EST", utc(2025, 6, 10, 13, 30)),
        ("Tue, 10 Jun 2025 08:30 PDT", utc(2025, 6, 10, 15, 30)),
        ("Di, 10 Jun 2025 08:30:00 +0200", utc(2025, 6, 10, 6, 30)),
        ("2025-06-10T08:30:00+02:00", utc(2025, 6, 10, 6, 30)),
        ("2025-06-10T08:30:00+0200", utc(2025, 6, 10, 6, 30)),
        ("2025-06-10T06:30:00Z", utc(2025, 6, 10, 6, 30)),
        ("2025-06-10T06:30:00.250000Z", datetime(2025, 6, 10, 6, 30, 0, 250000, tzinfo=UTC)),
        ("20250610T063000Z", utc(2025, 6, 10, 6, 30)),
        ("2025-06-10 06:30:00", utc(2025, 6, 10, 6, 30)),
        ("2025-06-10", utc(2025, 6, 10)),
    ],
)
def test_it_reads_rfc822_and_iso8601_dates_as_aware_utc(written, meant):
    published = parse_feed(rss_with(f"<title>t</title><pubDate>{written}</pubDate>")).entries[0]

    assert published.published == meant
    assert published.published.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "written",
    ["sometime next week", "2025-13-45T99:00:00Z", "Tue, 31 Feb 2025 08:30:00 GMT", "31/02/2025"]
    + ["0000-00-00 00:00:00", "null", "", "9" * 300],
)
def test_it_gives_none_for_a_date_it_cannot_read(written):
    entry = parse_feed(rss_with(f"<title>t</title><pubDate>{written}</pubDate>")).entries[0]

    assert entry.published is None


def test_it_gives_none_when_the_date_is_missing():
    feed = parse_fixture("parse-rss2.xml")

    assert feed.entries[3].published is None  # "sometime next week"
    assert feed.entries[4].published is None  # no date at all


# --- Encodings ---------------------------------------------------------------------------------

GERMAN_TITLES = [
    "Größere Akkus für Xiaomi-Saugroboter",
    "Dreame-Wischroboter im Test: Schön leise, aber teuer",
]
CHINESE_TITLES = ["小米发布新手机", "石头科技扫地机器人销量创新高"]


def test_it_reads_latin1_bytes_declared_as_utf8():
    feed = parse_fixture("parse-latin1-declared-utf8.xml")

    assert feed.title == "Haushaltsgeräte-Blog für Technikfans"
    assert titles(feed) == GERMAN_TITLES
    assert feed.entries[1].summary == "Für Küchen mit Fliesen ist er eine gute Wahl."


def test_it_reads_utf8_bytes_declared_as_latin1():
    feed = parse_fixture("parse-utf8-declared-latin1.xml")

    assert titles(feed) == GERMAN_TITLES
    assert "über 200 Quadratmeter – ohne" in feed.entries[0].summary


def test_it_reads_iso_8859_1_as_windows_1252_like_browsers_do():
    feed = parse_fixture("parse-cp1252-declared-latin1.xml")

    assert titles(feed) == ["„Mi Band 9“ für 39 € – Tiefstpreis"]


def test_it_reads_utf8_with_stray_windows_1252_bytes():
    feed = parse_fixture("parse-mixed-utf8-cp1252.xml")

    assert titles(feed) == [
        "Yeelight-Lampen: Übersicht über alle Modelle",
        "Aqara-Sensoren für Türen und Fenster",
        "Mijia-Thermometer: Genauigkeit überprüft",
    ]


def test_it_reads_gbk():
    feed = parse_fixture("parse-gbk.xml")

    assert (feed.title, feed.language) == ("小米生态新闻", "zh-cn")
    assert titles(feed) == CHINESE_TITLES
    assert feed.entries[0].summary == "新手机搭载澎湃芯片，售价三千九百九十九元。"
    assert feed.entries[0].published == utc(2025, 6, 10, 12, 0)


def test_it_reads_gbk_bytes_declared_as_utf8():
    feed = parse_fixture("parse-gbk-declared-utf8.xml")

    assert feed.title == "小米生态新闻"
    assert titles(feed) == CHINESE_TITLES


def test_it_reads_a_gb2312_label_as_gbk():
    feed = parse_fixture("parse-gb2312-with-gbk-characters.xml")

    assert titles(feed) == ["小米發佈新手機", CHINESE_TITLES[1]]


def test_it_reads_gb18030_four_byte_characters():
    feed = parse_fixture("parse-gb18030.xml")

    assert titles(feed) == ["小米发布新手机 📱 𠮷", CHINESE_TITLES[1]]


def test_a_utf8_byte_order_mark_wins_over_the_declaration():
    feed = parse_fixture("parse-utf8-bom.xml")

    assert feed.title == "小米生态新闻 – Größe zählt"
    assert titles(feed) == CHINESE_TITLES


def test_it_reads_utf16():
    feed = parse_fixture("parse-utf16.xml")

    assert feed.title == "小米生态新闻"
    assert titles(feed) == CHINESE_TITLES


def test_it_reads_a_feed_whose_encoding_label_means_nothing():
    body = rss_with("<title>Mi Band</title>").replace(b"UTF-8", b"klingon", 1)

    assert titles(parse_feed(body)) == ["Mi Band"]


# --- Hostile documents -------------------------------------------------------------------------

ENTITY_EXPANSION = "refused: the document declares entities (possible entity-expansion attack)"
EXTERNAL_ENTITY = "refused: the document declares external entities (possible XXE attack)"


def test_it_refuses_billion_laughs_without_expanding_them():
    started = time.perf_counter()

    assert refusal(fixture("parse-billion-laughs.xml")) == ENTITY_EXPANSION
    assert time.perf_counter() - started < 1


def test_it_refuses_quadratic_blowup():
    assert refusal(fixture("parse-quadratic-blowup.xml")) == ENTITY_EXPANSION


@pytest.mark.parametrize(
    "name", ["parse-xxe-file.xml", "parse-xxe-http.xml", "parse-xxe-parameter.xml"]
)
def test_it_refuses_xxe_with_file_and_http_system_entities(name):
    assert refusal(fixture(name)) == EXTERNAL_ENTITY


def test_it_never_requests_an_external_entity(httpserver):
    httpserver.expect_request("/secret.txt").respond_with_data("TOPSECRET")
    body = (
        '<?xml version="1.0"?>'
        f'<!DOCTYPE rss [<!ENTITY remote SYSTEM "{httpserver.url_for("/secret.txt")}">]>'
        "<rss version='2.0'><channel><title>&remote;</title>"
        "<item><title>Redmi &remote;</title></item></channel></rss>"
    ).encode()

    assert refusal(body) == EXTERNAL_ENTITY
    assert httpserver.log == []


def test_it_never_fetches_the_dtd_a_doctype_names(httpserver):
    httpserver.expect_request("/rss.dtd").respond_with_data('<!ENTITY secret "TOPSECRET">')
    body = (
        '<?xml version="1.0"?>'
        f'<!DOCTYPE rss SYSTEM "{httpserver.url_for("/rss.dtd")}">'
        "<rss version='2.0'><channel><title>POCO</title>"
        "<item><title>POCO F7 &secret;</title></item></channel></rss>"
    ).encode()

    feed = parse_feed(body)

    assert httpserver.log == []
    assert feed.entries[0].title.startswith("POCO F7")
    assert "TOPSECRET" not in feed.entries[0].title


def test_a_dtd_on_disk_that_a_doctype_names_does_not_reach_the_entries(tmp_path):
    dtd = tmp_path / "rss.dtd"
    dtd.write_text('<!ENTITY secret "TOPSECRET">')
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{dtd.as_uri()}">'
        "<rss version='2.0'><channel><title>Mijia</title>"
        "<item><title>Mijia &secret;</title></item></channel></rss>"
    ).encode()

    feed = parse_feed(body)

    assert "TOPSECRET" not in feed.title + feed.entries[0].title


def test_entity_declarations_mentioned_in_article_text_are_no_reason_to_refuse():
    body = rss_with(
        "<title>XXE explained</title>"
        "<description><![CDATA[<pre>&lt;!ENTITY x SYSTEM ...&gt;</pre> <!ENTITY>]]></description>"
    )

    assert titles(parse_feed(body)) == ["XXE explained"]


def test_it_takes_only_bytes_so_a_url_string_is_never_fetched():
    with pytest.raises(TypeError, match="bytes"):
        parse_feed("https://feeds.example.com/xiaomi.xml")


# --- Documents that are not feeds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty document: the body is 0 bytes long"),
        (b" \r\n\t ", "empty document: the body holds only whitespace"),
        (b"\xef\xbb\xbf\n", "empty document: the body holds only a byte-order mark or whitespace"),
    ],
)
def test_it_refuses_an_empty_body(body, message):
    assert refusal(body) == message


@pytest.mark.parametrize("name", ["parse-html-page.html", "parse-xhtml-page.xml"])
def test_it_refuses_an_html_page(name):
    assert refusal(fixture(name)) == "not a feed: the document is an HTML page"


def test_it_refuses_plain_text():
    assert refusal(fixture("parse-plain-text.txt")) == "not a feed: the document is plain text"


def test_it_refuses_a_compressed_body_and_says_what_to_do():
    message = refusal(gzip.compress(fixture("parse-rss2.xml")))

    assert message == "not a feed: the body is compressed; decompress it before parsing"


def test_it_refuses_binary_data():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))

    assert refusal(png) == "not a feed: the document is binary data"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (fixture("parse-sitemap.xml"), "not a feed: the document is an XML sitemap"),
        (
            b"<?xml version='1.0'?><inventory><phone>Xiaomi 15</phone></inventory>",
            "not a feed: the root element is <inventory>, not <rss>, <feed> or <rdf:RDF>",
        ),
        (
            b"<feed><entry><title>Redmi</title></entry></feed>",
            "not a feed: the <feed> element is not in the Atom namespace "
            "(http://www.w3.org/2005/Atom)",
        ),
        (b"<rss version='2.0'></rss>", "not a feed: the <rss> element holds no <channel>"),
    ],
)
def test_it_refuses_other_xml_documents(body, message):
    assert refusal(body) == message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b'{"name": "Xiaomi", "founded": 2010}',
            "not a feed: the document is JSON but not a JSON Feed",
        ),
        (b"[1, 2, 3]", "not a feed: the document is JSON but not a JSON Feed"),
        (b'{"items": [', "malformed JSON: Expecting value: line 1 column 12 (char 11)"),
        (b"[" * 100_000, "malformed JSON: nested too deeply"),
    ],
)
def test_it_refuses_json_that_is_not_a_json_feed(body, message):
    assert refusal(body) == message


def test_it_keeps_the_entries_before_a_truncation():
    feed = parse_fixture("parse-truncated.xml")

    assert feed.title == "Dreame Daily"
    assert feed.entries[0].title == "Dreame X50 Ultra gets a cheaper sibling"
    assert feed.entries[0].published == utc(2025, 3, 20, 10, 0)


def test_it_refuses_a_document_cut_off_before_its_first_entry():
    message = refusal(fixture("parse-truncated-head.xml"))

    assert message == "malformed XML: the document stops in the middle (truncated?)"


def test_it_refuses_markup_it_cannot_recover():
    message = refusal(fixture("parse-not-xml.xml"))

    assert message == "malformed XML: no element could be read from the document"


ERROR_FIXTURES = [
    "parse-billion-laughs.xml",
    "parse-html-page.html",
    "parse-not-xml.xml",
    "parse-plain-text.txt",
    "parse-quadratic-blowup.xml",
    "parse-sitemap.xml",
    "parse-truncated-head.xml",
    "parse-xhtml-page.xml",
    "parse-xxe-file.xml",
    "parse-xxe-http.xml",
    "parse-xxe-parameter.xml",
]


@pytest.mark.parametrize("name", ERROR_FIXTURES)
def test_error_messages_are_one_readable_line_that_names_the_problem(name):
    message = refusal(fixture(name))

    assert "\n" not in message
    assert len(message) <= 300
    assert message.startswith(("not a feed: ", "malformed XML: ", "refused: ", "empty document"))
    assert "Traceback" not in message
    assert "TOPSECRET" not in message and "lol" not in message


def test_an_error_carries_the_url_it_was_given():
    with pytest.raises(FeedParseError) as caught:
        parse_feed(fixture("parse-html-page.html"), url="https://www.example.com/xiaomi")

    assert caught.value.url == "https://www.example.com/xiaomi"
    assert str(caught.value) == "not a feed: the document is an HTML page"


# --- Robustness --------------------------------------------------------------------------------


def outcome(body: bytes) -> ParsedFeed | FeedParseError:
    try:
        return parse_feed(body)
    except FeedParseError as exc:
        return exc


@pytest.mark.parametrize(
    "name",
    ["parse-rss2.xml", "parse-atom.xml", "parse-rdf.xml", "parse-jsonfeed.json", "parse-gbk.xml"]
    + ["parse-utf16.xml", "parse-billion-laughs.xml"],
)
def test_damaged_documents_give_a_feed_or_a_feed_parse_error_and_nothing_else(name):
    body = fixture(name)
    rng = random.Random(name)
    damaged = [body[:cut] for cut in range(0, len(body), max(1, len(body) // 60))]
    for _ in range(60):
        mutable = bytearray(body)
        for _ in range(rng.randint(1, 8)):
            mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        damaged.append(bytes(mutable))

    for variant in damaged:
        assert isinstance(outcome(variant), ParsedFeed | FeedParseError)


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the real-feed corpus is not at {CORPUS} (it lives in shared/)"
)
def test_every_corpus_feed_gives_a_feed_or_a_feed_parse_error():
    files = sorted(path for path in CORPUS.iterdir() if path.is_file())
    results = {path.name: outcome(path.read_bytes()) for path in files}

    with_entries = [
        name
        for name, result in results.items()
        if isinstance(result, ParsedFeed) and result.entries
    ]
    entries = sum(len(r.entries) for r in results.values() if isinstance(r, ParsedFeed))
    assert all(isinstance(r, ParsedFeed | FeedParseError) for r in results.values())
    assert len(with_entries) >= CORPUS_FEEDS_WITH_ENTRIES, sorted(set(results) - set(with_entries))
    assert entries >= CORPUS_ENTRIES
    for result in results.values():
        if isinstance(result, ParsedFeed):
            assert all(
                entry.published is None or entry.published.utcoffset().total_seconds() == 0
                for entry in result.entries
            )


def test_each_step_of_the_parser_stands_on_its_own():
    latin1 = '<?xml version="1.0" encoding="ISO-8859-1"?><rss>Grüße</rss>'.encode("latin-1")
    data, verified = encoding.as_utf8(latin1)
    assert verified and data == '<?xml version="1.0" encoding="utf-8"?><rss>Grüße</rss>'.encode()
    assert sniff.first_element_name(b"<?xml version='1.0'?><!-- hi --><rss/>") == "rss"
    with pytest.raises(FeedParseError, match="entity-expansion"):
        guards.refuse_entity_declarations(b'<!DOCTYPE x [<!ENTITY a "b">]><rss/>')
    assert dates.parse_date("Mon, 02 Mar 2026 10:00:00 +0100") == datetime(
        2026, 3, 2, 9, 0, tzinfo=UTC
    )
