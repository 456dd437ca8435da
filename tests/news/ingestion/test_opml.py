"""Sources in and out as OPML: a good file imports, a bad one imports nothing and says why."""

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecosystem.news.ingestion.opml import MAX_BYTES, OpmlError, export_opml, import_opml, parse_opml
from ecosystem.news.models import Source
from tests.factories import SourceFactory, administrator, editor

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:news_source_import_opml")
EXPORT_URL = reverse("admin:news_source_export_opml")

GOOD = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Gadgets">
      <outline type="rss" text="Gizmo News" xmlUrl="https://gizmo.example.com/feed.xml"
               language="en"/>
      <outline type="rss" title="Only a title" xmlUrl="http://titled.example.com/rss"/>
    </outline>
    <outline type="rss" text="Technik &amp; mehr" xmlUrl="https://technik.example.de/feed"
             language="de"/>
    <outline type="rss" xmlUrl="https://nameless.example.org/atom.xml"/>
    <outline type="rss" text="Gizmo again" xmlUrl="https://gizmo.example.com/feed.xml"/>
  </body>
</opml>
"""


def opml(*outlines: str, head: str = "") -> bytes:
    body = "".join(outlines)
    return f'<?xml version="1.0"?>{head}<opml version="2.0"><body>{body}</body></opml>'.encode()


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(OpmlError) as caught:
        import_opml(data)
    return caught.value.problems


# Parsing and importing -----------------------------------------------------------


def test_a_good_file_lists_every_feed_once_with_its_name_and_language():
    feeds = parse_opml(GOOD)
    assert [(f.name, f.url, f.language) for f in feeds] == [
        ("Gizmo News", "https://gizmo.example.com/feed.xml", "en"),
        ("Only a title", "http://titled.example.com/rss", ""),
        ("Technik & mehr", "https://technik.example.de/feed", "de"),
        ("nameless.example.org", "https://nameless.example.org/atom.xml", ""),
    ]


def test_importing_adds_new_sources_and_leaves_existing_ones_alone():
    SourceFactory(name="Mine", url="https://gizmo.example.com/feed.xml", language="zh")
    report = import_opml(GOOD)
    assert str(report) == "3 sources added, 1 already there"
    assert Source.objects.get(url="https://gizmo.example.com/feed.xml").name == "Mine"
    assert Source.objects.get(url="https://technik.example.de/feed").language == "de"
    assert str(import_opml(GOOD)) == "0 sources added, 4 already there"


def test_a_page_that_a_source_found_its_feed_on_is_that_source():
    SourceFactory(
        name="Technik",
        url="https://technik.example.de/feed",
        page_url="https://technik.example.de/",
    )
    report = import_opml(opml('<outline text="T" xmlUrl="https://technik.example.de/"/>'))
    assert str(report) == "0 sources added, 1 already there"


def test_an_imported_web_page_finds_its_feed_on_the_first_fetch(feed_server):
    from ecosystem.news.ingestion.pipeline import ingest

    feed_server.expect_request("/blog/").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head><body></body></html>",
        content_type="text/html",
    )
    feed_server.expect_request("/feed.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Roborock one</title><guid>1</guid></item></channel></rss>"
    )
    page = feed_server.url_for("/blog/")
    import_opml(opml(f'<outline text="Blog" xmlUrl="{page}"/>'))
    source = Source.objects.get()
    assert ingest(source).report.new == 1
    source.refresh_from_db()
    assert (source.url, source.page_url) == (feed_server.url_for("/feed.xml"), page)


BAD_FILES = {
    "not XML": (b"this is not xml <opml>", "This is not XML"),
    "not OPML": (b"<rss><channel/></rss>", "not OPML"),
    "a DOCTYPE": (
        opml(
            '<outline text="x" xmlUrl="https://ok.example.com/feed"/>',
            head='<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">]>',
        ),
        "DOCTYPE",
    ),
    "an external entity": (
        b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "file:///etc/passwd">'
        b'<opml><body><outline text="&x;" xmlUrl="https://ok.example.com/"/></body></opml>',
        "DOCTYPE",
    ),
    "an undefined entity": (
        opml('<outline text="&lol9;" xmlUrl="https://ok.example.com/feed"/>'),
        "not XML",
    ),
    "no outlines": (opml(), "lists no feeds"),
    "outlines without feeds": (
        opml('<outline text="Folder"><outline text="Empty"/></outline>'),
        '("Empty"): the outline has no xmlUrl',
    ),
    "a feed outline without xmlUrl": (
        opml(
            '<outline text="Fine" xmlUrl="https://ok.example.com/feed"/>',
            '<outline type="rss" text="Broken" htmlUrl="https://broken.example.com/"/>',
        ),
        '("Broken"): the outline has no xmlUrl',
    ),
    "a file: URL": (opml('<outline text="f" xmlUrl="file:///etc/passwd"/>'), "not an http://"),
    "an ftp URL": (opml('<outline text="f" xmlUrl="ftp://ftp.example.com/f"/>'), "not an http"),
    "a javascript: URL": (opml('<outline text="j" xmlUrl="javascript:alert(1)"/>'), "not an http"),
    "a relative URL": (opml('<outline text="r" xmlUrl="/feed.xml"/>'), "not an http"),
}


@pytest.mark.parametrize("data, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_imports_nothing_and_says_why(data, message):
    before = Source.objects.count()
    problems = problems_of(data)
    assert problems and message in " ".join(problems)
    assert Source.objects.count() == before


def test_one_bad_outline_stops_the_whole_import():
    good_then_bad = opml(
        '<outline text="Fine" xmlUrl="https://fine.example.com/feed"/>',
        '<outline text="Also fine" xmlUrl="https://also.example.com/feed"/>',
        '<outline text="Bad" xmlUrl="gopher://old.example.com/"/>',
    )
    assert problems_of(good_then_bad) == [
        "line 1 (\"Bad\"): 'gopher://old.example.com/' is not an http:// or https:// URL."
    ]
    assert not Source.objects.filter(url__contains="fine.example.com").exists()


def test_every_problem_is_listed_up_to_a_limit():
    many_bad = opml(
        *(f'<outline text="n{i}" xmlUrl="ftp://x{i}.example.com/"/>' for i in range(15))
    )
    problems = problems_of(many_bad)
    assert len(problems) == 11 and problems[-1] == "… and 5 more."


def test_a_billion_laughs_file_is_refused_before_any_entity_is_expanded():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    data = opml(
        '<outline text="&lol9;" xmlUrl="https://ok.example.com/"/>',
        head=f"<!DOCTYPE opml [{entities}]>",
    )
    assert "DOCTYPE" in problems_of(data)[0]


def test_an_oversized_file_is_refused():
    assert "larger than" in problems_of(b" " * (MAX_BYTES + 1))[0]


# Exporting -----------------------------------------------------------------------------


def test_export_writes_every_source_as_an_opml_2_outline():
    SourceFactory(
        name="Gizmo <News> & more", url="https://gizmo.example.com/feed.xml", language="en"
    )
    SourceFactory(name="Kein Sprachcode", url="https://nolang.example.de/feed", language="")
    root = ET.fromstring(export_opml(Source.objects.order_by("name")))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.find("head/title").text and root.find("head/dateCreated").text
    outlines = [o.attrib for o in root.findall("body/outline")]
    assert [(o["text"], o["xmlUrl"], o["language"]) for o in outlines] == [
        ("Gizmo <News> & more", "https://gizmo.example.com/feed.xml", "en"),
        ("Kein Sprachcode", "https://nolang.example.de/feed", ""),
    ]


def test_an_export_imports_back_into_an_empty_database():
    SourceFactory(name="One", url="https://one.example.com/feed", language="en")
    SourceFactory(name="Two", url="https://two.example.com/feed", language="zh")
    exported = export_opml(Source.objects.all())
    rows = list(Source.objects.values_list("name", "url", "language").order_by("name"))
    Source.objects.all().delete()
    assert str(import_opml(exported)) == "2 sources added, 0 already there"
    assert list(Source.objects.values_list("name", "url", "language").order_by("name")) == rows


# The admin pages -----------------------------------------------------------------------


def upload(data: bytes):
    return {"file": SimpleUploadedFile("feeds.opml", data, content_type="text/x-opml")}


def test_an_administrator_imports_a_file_through_the_admin(client):
    client.force_login(administrator())
    assert client.get(IMPORT_URL).status_code == 200
    response = client.post(IMPORT_URL, upload(GOOD), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:news_source_changelist")
    assert "OPML imported: 4 sources added, 0 already there." in response.content.decode()
    assert Source.objects.filter(url="https://nameless.example.org/atom.xml").exists()


def test_a_bad_file_in_the_admin_shows_each_problem_and_imports_nothing(client):
    client.force_login(administrator())
    before = Source.objects.count()
    response = client.post(IMPORT_URL, upload(BAD_FILES["a feed outline without xmlUrl"][0]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html and "the outline has no xmlUrl" in html
    assert Source.objects.count() == before


def test_the_source_list_links_to_import_and_export(client):
    client.force_login(administrator())
    html = client.get(reverse("admin:news_source_changelist")).content.decode()
    assert IMPORT_URL in html and EXPORT_URL in html


def test_editors_may_export_but_not_import(client):
    client.force_login(editor())
    SourceFactory(name="Visible", url="https://visible.example.com/feed")
    html = client.get(reverse("admin:news_source_changelist")).content.decode()
    assert IMPORT_URL not in html and EXPORT_URL in html
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, upload(GOOD)).status_code == 403
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-opml; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sources-')
    assert b'xmlUrl="https://visible.example.com/feed"' in response.content
