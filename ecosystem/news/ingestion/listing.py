"""The article links of a newsroom page: a pure function from a parsed page to links.

Without a selector, the links come from the page's main content: its <main>
(or role="main") when it has one, else its body; navigation, headers, footers,
sidebars, forms and elements whose class or id names them (menu, sidebar,
breadcrumb, pagination, cookie banners, share buttons, "related" lists) are
left out, and so are links that lead elsewhere than an article: another site,
the page itself or the sections above it, tag, category and author pages,
further pages of the list, files. A header inside an <article> is the
article's own, where its title link often is, and stays.

An administrator's CSS selector replaces all of that but the same-site rule:
each element it selects is a link, or holds one, or sits inside one.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from lxml.html import HtmlElement

from ecosystem.news.ingestion.clean import absolute_url, canonical_url, strip_control

# At most this many articles are taken from one page, in page order.
MAX_LINKS = 100
MAX_SELECTOR = 500
MAX_TEXT = 300

# Elements that never hold the list of articles.
_ALWAYS_OUT = frozenset(
    {"nav", "aside", "form", "script", "style", "noscript", "template", "svg", "iframe", "dialog"}
)
# ...and these, unless they belong to an <article> (the article's own header).
_OUT_OF_ARTICLES = frozenset({"header", "footer"})
_ROLES_OUT = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
)
# A class or id word that names page furniture (each word of the attribute is tried).
_FURNITURE = re.compile(
    r"^(?:site-?|page-?|global-?|main-?|top-?)?"
    r"(?:nav|navbar|navigation|menu|sidebar|side-bar|breadcrumbs?|footer|header|masthead|"
    r"pagination|pager|cookies?|cookie-?(?:banner|notice|consent)|consent|social|share|sharing|"
    r"related|related-?(?:posts|articles|news)|widgets?|newsletter|subscribe|toolbar)$",
    re.IGNORECASE,
)
# Path words of pages that list or describe, rather than being an article.
_NOT_ARTICLES = frozenset(
    {
        "tag", "tags", "category", "categories", "author", "authors", "search", "login",
        "signin", "sign-in", "register", "account", "cart", "feed", "rss", "privacy",
        "terms", "cookie-policy", "contact", "about", "about-us", "careers", "jobs",
    }
)  # fmt: skip
_FILES = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|webp|svg|zip|rar|7z|mp4|mov|mp3|docx?|xlsx?|pptx?|apk|exe|dmg)$",
    re.IGNORECASE,
)
_PAGINATION_PATH = re.compile(r"/page/\d+/?$", re.IGNORECASE)
_ARTICLE_PARAM = re.compile(r"\w*id|article|post|story|news|item", re.IGNORECASE)
_PAGINATION_PARAMS = frozenset({"page", "paged", "p", "pg", "start", "offset"})
# Link texts that say nothing of the article ("Read more"): another link's text wins.
_GENERIC_TEXT = re.compile(
    r"^(?:read more|more|continue reading|learn more|details|mehr|weiterlesen|mehr lesen|"
    r"阅读全文|阅读更多|查看详情|了解更多|更多)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ArticleLink:
    url: str  # absolute, as the page gives it
    text: str  # the link's text (or its image's alt text), "" when it has none


class BadSelector(ValueError):
    """A CSS selector that cannot be used; the message is one line for the editor."""


def compile_selector(selector: str) -> etree.XPath:
    """The selector as an XPath over HTML, or BadSelector saying what is wrong with it."""
    selector = selector.strip()
    if len(selector) > MAX_SELECTOR:
        raise BadSelector(f"the selector is longer than {MAX_SELECTOR} characters")
    try:
        return etree.XPath(HTMLTranslator().css_to_xpath(selector))
    except SelectorError as exc:
        raise BadSelector(" ".join(str(exc).split())[:200] or "not a CSS selector") from None
    except etree.XPathError as exc:  # cssselect wrote what libxml2 cannot evaluate
        raise BadSelector(f"not usable here: {exc}") from None


def article_links(page: HtmlElement, page_url: str, selector: str = "") -> list[ArticleLink]:
    """The page's links to articles of its own site, in page order, each once.

    `selector` (CSS) chooses the links instead of the main-content rules; a bad
    one raises BadSelector.
    """
    if selector.strip():
        anchors = _selected_anchors(page, compile_selector(selector))
        articles_only = False
    else:
        anchors = _content_anchors(page)
        articles_only = True
    return _links(anchors, page_url, articles_only=articles_only)


def _selected_anchors(page: HtmlElement, xpath: etree.XPath) -> list[HtmlElement]:
    anchors = []
    for element in xpath(page):
        if not isinstance(element, HtmlElement):
            continue
        if element.tag == "a":
            anchors.append(element)
            continue
        inside = next(element.iterancestors("a"), None)
        if inside is not None:
            anchors.append(inside)
            continue
        held = next(element.iter("a"), None)
        if held is not None:
            anchors.append(held)
    return anchors


def _content_anchors(page: HtmlElement) -> list[HtmlElement]:
    scope = _main_content(page)
    anchors = []
    # Walk the tree, never entering page furniture (iteratively: a page can be deep).
    stack = [scope]
    while stack:
        element = stack.pop()
        if element.tag == "a":
            anchors.append(element)
        children = [child for child in element if isinstance(child, HtmlElement)]
        stack.extend(reversed([child for child in children if not _furniture(child)]))
    return anchors


def _main_content(page: HtmlElement) -> HtmlElement:
    for path in ("//main", "//*[@role='main']", "//body"):
        found = page.xpath(path)
        if found:
            return found[0]
    return page


def _furniture(element: HtmlElement) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True  # comments, processing instructions
    if tag in _ALWAYS_OUT:
        return True
    if tag in _OUT_OF_ARTICLES and next(element.iterancestors("article"), None) is None:
        return True
    if (element.get("role") or "").strip().lower() in _ROLES_OUT:
        return True
    words = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return any(_FURNITURE.match(word) for word in words)


def _links(anchors: list[HtmlElement], page_url: str, *, articles_only: bool) -> list[ArticleLink]:
    page = urlsplit(page_url)
    site = _site(page.hostname or "")
    page_key = canonical_url(page_url)
    order: list[str] = []
    best: dict[str, ArticleLink] = {}
    for anchor in anchors:
        url = absolute_url(anchor.get("href") or "", page_url)
        if not url:
            continue
        url = url.split("#", 1)[0]
        parts = urlsplit(url)
        host = _site(parts.hostname or "")
        if not (host == site or host.endswith("." + site)):
            continue  # another site
        key = canonical_url(url)
        if key == page_key:
            continue
        if articles_only and not _article_like(parts.path, parts.query, page.path):
            continue
        link = ArticleLink(url=url, text=_text(anchor))
        if key not in best:
            if len(order) >= MAX_LINKS:
                continue
            order.append(key)
            best[key] = link
        elif _better_text(link.text, best[key].text):
            best[key] = ArticleLink(url=best[key].url, text=link.text)
    return [best[key] for key in order]


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def _article_like(path: str, query: str, page_path: str) -> bool:
    words = [word for word in path.split("/") if word]
    page_words = [word for word in page_path.split("/") if word]
    # The page itself, or a section above it (the home page, "/news/"), whatever their
    # query (a filter, a language); but "news.php?id=5" of a list at "news.php" is an article.
    if words == page_words[: len(words)]:
        names = [name.lower() for name, _ in parse_qsl(query)]
        if words != page_words or not any(_ARTICLE_PARAM.fullmatch(name) for name in names):
            return False
    if _FILES.search(path) or _PAGINATION_PATH.search(path):
        return False
    if any(name.lower() in _PAGINATION_PARAMS for name, _ in parse_qsl(query)):
        return False
    return not {word.lower() for word in words} & _NOT_ARTICLES


def _text(anchor: HtmlElement) -> str:
    text = " ".join(strip_control(anchor.text_content()).split())
    if not text:
        for image in anchor.iter("img"):
            text = " ".join(strip_control(image.get("alt") or "").split())
            if text:
                break
    if not text:
        label = anchor.get("title") or anchor.get("aria-label") or ""
        text = " ".join(strip_control(label).split())
    return text[:MAX_TEXT]


def _better_text(candidate: str, current: str) -> bool:
    if not candidate:
        return False
    if not current or (_GENERIC_TEXT.match(current) and not _GENERIC_TEXT.match(candidate)):
        return True
    return not _GENERIC_TEXT.match(candidate) and len(candidate) > len(current)
