"""Announcement bodies: Markdown rendered, then sanitised down to a small set of tags."""

import re

from ecosystem.announcements.rendering import render_body, render_markdown


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_markdown_becomes_html():
    html = render_markdown("Hello **world**, *new* lamp.\n\n- one\n- two\n\n> quoted")
    assert "<strong>world</strong>" in html and "<em>new</em>" in html
    assert "<ul>\n<li>one</li>" in html and "<blockquote>" in html


def test_tables_and_strikethrough_are_rendered():
    html = render_markdown("| model | price |\n| --- | --- |\n| S8 | 599 |\n\n~~old~~")
    assert "<table>" in html and "<td>S8</td>" in html and "<s>old</s>" in html


def test_headings_start_below_the_announcement_title():
    html = render_markdown("# Launch\n\n## Details")
    assert "<h4>Launch</h4>" in html and "<h5>Details</h5>" in html
    assert "<h1>" not in html and "<h2>" not in html


def test_links_open_safely():
    html = render_markdown("[Yeelight](https://www.yeelight.com/)")
    assert html == (
        '<p><a href="https://www.yeelight.com/" rel="noopener noreferrer">Yeelight</a></p>'
    )


def test_script_tags_are_removed_with_their_content():
    html = render_markdown("Before <script>alert('x')</script> after")
    assert "<script" not in html and "alert" not in html
    assert "Before" in html and "after" in html


def test_event_handler_attributes_are_removed():
    html = render_markdown('<img src="x" onerror="alert(1)"> <b onclick="alert(2)">bold</b>')
    assert "onerror" not in html and "onclick" not in html and "alert" not in html
    assert "<b>bold</b>" in html


def test_javascript_links_lose_their_target():
    markdown = (
        "[md](javascript:alert(1)) "
        '<a href="javascript:alert(2)">raw</a> '
        '<a href="JaVaScRiPt:alert(3)">mixed case</a> '
        '<a href="java&#x09;script:alert(4)">entity</a> '
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
    )
    html = render_markdown(markdown)
    assert hrefs(html) == []
    assert "<script" not in html


def test_tags_outside_the_allowed_set_are_dropped_but_their_text_stays():
    html = render_markdown(
        '<iframe src="https://evil.example"></iframe><span style="x">kept</span>'
    )
    assert "<iframe" not in html and "<span" not in html and "style" not in html
    assert "kept" in html


def test_styles_and_forms_are_removed():
    html = render_markdown("<style>body{display:none}</style><form><input name=x></form>text")
    assert "<style" not in html and "display" not in html and "<form" not in html
    assert "<input" not in html and "text" in html


def test_a_feed_body_is_sanitised_html_kept_as_it_is():
    summary = (
        '<p>New <strong>lamp</strong>, see <a href="https://example.com/a" '
        'rel="noopener noreferrer nofollow">the post</a>.</p>'
    )
    assert render_body(summary, from_feed=True) == summary


def test_a_feed_body_is_not_read_as_markdown_but_still_sanitised():
    html = render_body("*not emphasis* <script>x()</script><p onclick='y()'>p</p>", from_feed=True)
    assert html == "*not emphasis* <p>p</p>"


def test_an_empty_body_renders_empty():
    assert render_markdown("") == "" and render_body("", from_feed=True) == ""
