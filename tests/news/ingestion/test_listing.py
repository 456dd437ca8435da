"""The article links of a newsroom page: its articles, without the page's furniture."""

from pathlib import Path

import pytest

from ecosystem.news.ingestion.listing import BadSelector, article_links, compile_selector
from ecosystem.news.ingestion.webpage import read_page

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
NEWSROOM = "https://roborock.example.test/newsroom"


def links(name: str, url: str = NEWSROOM, selector: str = "") -> list[tuple[str, str]]:
    page = read_page((PAGES / name).read_bytes())
    return [(link.url, link.text) for link in article_links(page, url, selector)]


def test_a_newsroom_gives_its_articles_and_not_its_navigation_sidebar_or_footer():
    assert links("newsroom.html") == [
        (
            "https://roborock.example.test/newsroom/saros-z70-launch",
            "Roborock launches the Saros Z70 with a folding arm",
        ),
        (
            "https://roborock.example.test/newsroom/qrevo-curv-europe",
            "Qrevo Curv arrives in Europe",
        ),
        (
            "https://roborock.example.test/newsroom/ces-2026-awards",
            "Three CES 2026 innovation awards",
        ),
        (
            "https://roborock.example.test/newsroom/h1-washer-dryer-china",
            "H1 washer-dryer goes on sale in China",
        ),
    ]


def test_a_page_without_main_falls_back_to_its_body_without_header_menu_sidebar_footer():
    assert links("newsroom-no-main.html", "https://www.dreame.example.cn/news/") == [
        (
            "https://www.dreame.example.cn/news/2026/dreame-x50-launch.html",
            "追觅发布 X50 扫地机器人",
        ),
        ("https://www.dreame.example.cn/news/2026/dreame-h15-pro.html", "追觅 H15 Pro 洗地机上市"),
    ]


def test_links_to_the_same_site_with_or_without_www_and_its_subdomains_count():
    body = b"""<html><body><main>
      <a href="https://example.com/news/a">A</a>
      <a href="https://www.example.com/news/b">B</a>
      <a href="https://press.example.com/news/c">C</a>
      <a href="https://example.com.evil.test/news/d">D</a>
      <a href="https://notexample.com/news/e">E</a>
    </main></body></html>"""
    found = article_links(read_page(body), "https://www.example.com/newsroom")
    assert [link.text for link in found] == ["A", "B", "C"]


def test_a_selector_refines_the_links():
    assert links("newsroom.html", selector="article.news-card h2 a") == [
        (
            "https://roborock.example.test/newsroom/saros-z70-launch?utm_source=newsroom",
            "Roborock launches the Saros Z70 with a folding arm",
        ),
        (
            "https://roborock.example.test/newsroom/qrevo-curv-europe",
            "Qrevo Curv arrives in Europe",
        ),
        (
            "https://roborock.example.test/newsroom/ces-2026-awards",
            "Three CES 2026 innovation awards",
        ),
    ]


def test_a_selector_may_name_the_cards_that_hold_the_links_and_still_keeps_to_the_site():
    assert links("newsroom.html", selector=".press-item") == [
        (
            "https://roborock.example.test/newsroom/h1-washer-dryer-china",
            "H1 washer-dryer goes on sale in China",
        ),
    ]
    # Even where the administrator points, only the page's own site counts.
    assert links("newsroom.html", selector=".press-item a") == [
        (
            "https://roborock.example.test/newsroom/h1-washer-dryer-china",
            "H1 washer-dryer goes on sale in China",
        ),
        ("https://roborock.example.test/downloads/h1-press-kit.pdf", "Press kit (PDF)"),
    ]


@pytest.mark.parametrize("selector", ["a[href", "main >> a", "a::before", "##", "a:nth-child(x)"])
def test_a_bad_selector_says_why(selector):
    with pytest.raises(BadSelector) as caught:
        compile_selector(selector)
    assert str(caught.value) and "\n" not in str(caught.value)


def test_a_deeply_nested_page_is_read_without_recursion_and_bounded():
    body = b"<html><body><main>" + b"<div>" * 50_000 + b'<a href="/n/x">X</a>' + b"</div>" * 50_000
    assert article_links(read_page(body), "https://example.com/n/") == []


def test_links_are_capped_and_each_article_comes_once():
    card = '<a href="/n/{0}">Story {0}</a><a href="/n/{0}">Read more</a>'
    cards = "".join(card.format(i) for i in range(300))
    body = f"<html><body>{cards}</body></html>".encode()
    found = article_links(read_page(body), "https://e.com/n/")
    assert len(found) == 100 and found[0].text == "Story 0" and found[-1].text == "Story 99"


def test_filters_of_the_list_are_no_articles_but_an_article_by_id_is():
    body = b"""<html><body><main>
      <a href="/newsroom?category=awards">Awards</a>
      <a href="/?lang=de">Deutsch</a>
      <a href="/newsroom?id=5">Five</a>
      <a href="/newsroom/2026/a">A</a>
    </main></body></html>"""
    found = article_links(read_page(body), "https://example.com/newsroom")
    assert [link.text for link in found] == ["Five", "A"]
