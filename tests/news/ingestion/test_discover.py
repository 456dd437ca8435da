"""Feed autodiscovery: which feed a web page names for its news."""

from pathlib import Path

from ecosystem.news.ingestion.discover import feed_links, main_feed
from ecosystem.news.ingestion.webpage import is_web_page, read_page

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"


def page(head: str) -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body><p>Hi</p></body></html>".encode()


def found(body: bytes, url: str = "https://blog.example.com/news/") -> str | None:
    link = main_feed(feed_links(read_page(body), url))
    return link.url if link else None


def test_the_main_feed_wins_over_the_comments_feed_and_rss_or_atom_over_json():
    body = (PAGES / "blog-with-feeds.html").read_bytes()
    links = feed_links(read_page(body), "https://yeelight.example.com/blog/")
    assert [(link.format, link.url) for link in links] == [
        ("rss", "https://yeelight.example.com/comments/feed/"),
        ("json", "https://yeelight.example.com/feed/json"),
        ("rss", "https://yeelight.example.com/feed/"),
        ("atom", "https://yeelight.example.com/feed/atom/"),
    ]
    assert links[0].about_comments and links[0].title == "Yeelight Blog » Kommentar-Feed"
    assert main_feed(links) == links[2]


def test_atom_alone_is_found():
    body = page('<link rel="alternate" type="application/atom+xml" href="https://x.example/atom">')
    assert found(body) == "https://x.example/atom"


def test_a_json_feed_is_taken_when_it_is_the_only_news_feed():
    body = page(
        '<link rel="alternate" type="application/rss+xml" href="/comments/feed">'
        '<link rel="alternate" type="application/feed+json" href="feed.json">'
    )
    assert found(body) == "https://blog.example.com/news/feed.json"


def test_relative_addresses_resolve_against_the_page_or_its_base():
    assert found(page('<link rel="alternate" type="application/rss+xml" href="rss.xml">')) == (
        "https://blog.example.com/news/rss.xml"
    )
    based = page(
        '<base href="https://cdn.example.com/site/">'
        '<link rel="alternate" type="application/rss+xml" href="rss.xml">'
    )
    assert found(based) == "https://cdn.example.com/site/rss.xml"


def test_comment_feeds_are_told_by_their_title_or_address_in_three_languages():
    for head in (
        '<link rel="alternate" type="application/rss+xml" title="Comments" href="/c.xml">',
        '<link rel="alternate" type="application/rss+xml" title="评论" href="/c.xml">',
        '<link rel="alternate" type="application/atom+xml" href="/comments/atom">',
    ):
        assert found(page(head)) is None


def test_other_links_are_no_feeds():
    body = page(
        '<link rel="stylesheet" type="text/css" href="/a.css">'
        '<link rel="alternate" hreflang="de" href="/de/">'
        '<link rel="alternate" type="application/json" title="JSON" href="/wp-json/wp/v2/pages/2">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        '<a rel="alternate" type="application/rss+xml" href="/feed">feed</a>'
    )
    assert found(body) is None


def test_web_pages_are_told_from_feeds():
    assert is_web_page(b"<!doctype html><title>x</title>")
    assert is_web_page(b"\xef\xbb\xbf  <html><body></body></html>")
    assert is_web_page(b"<!-- hi --><html lang=en>")
    assert not is_web_page(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    assert not is_web_page(b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    assert not is_web_page(b'{"version": "https://jsonfeed.org/version/1.1"}')
