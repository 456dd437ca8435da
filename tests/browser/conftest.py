"""Playwright driving Debian's Chromium against Django's live server.

Screenshots go to test-artifacts/screenshots/ (git-ignored), one per test, taken
when the test ends, whether it passed or not.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server, ecosystem_data):
    """A fresh browser tab on the live server; `page.goto("/brands/")` works."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


# --- Visitors: one tab per language and width, reused by the tests of a session ----------

LANGUAGES = ["en", "de", "zh-hans"]
WIDTHS = {"desktop": 1280, "phone": 390}


class Visitor:
    """A tab with a language cookie and a viewport width that records console errors."""

    def __init__(self, browser, base_url, language, width):
        self.context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": 900 if width > 800 else 844},
            locale={"en": "en-GB", "de": "de-DE", "zh-hans": "zh-CN"}[language],
        )
        self.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors = []
        self.page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.errors.append(f"{message.text} ({message.location.get('url')})")
            ),
        )
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))


@pytest.fixture(scope="session")
def visitors(browser, live_server):
    """visitors(language, width) → a Visitor, created once per session and reused."""
    made = {}

    def visitor(language, width):
        key = (language, width)
        if key not in made:
            made[key] = Visitor(browser, live_server.url, language, width)
        made[key].errors.clear()
        return made[key]

    yield visitor
    for made_visitor in made.values():
        made_visitor.context.close()


# Realistic stories, newest first, with the brands (slugs) they name and their categories.
VACUUMS = ["robot-vacuums"]
STORIES = [
    ("Roborock unveils a robot vacuum with a folding arm", ["roborock"], ["robot-vacuums"]),
    ("Xiaomi opens its first car factory's second phase", ["xiaomi"], []),
    ("Dreame and Roborock race to the self-emptying mop", ["dreame", "roborock"], VACUUMS),
    ("Redmi Note series passes a new sales milestone", ["redmi", "xiaomi"], []),
    ("Yeelight ships a desk lamp that follows the daylight", ["yeelight"], []),
    ("Roborock's new dock washes mops with hot water", ["roborock"], ["robot-vacuums"]),
    ("Xiaomi's HyperOS reaches more older phones", ["xiaomi"], []),
    ("Amazfit adds offline maps to its running watch", ["amazfit"], []),
    ("Segway-Ninebot shows a lawn mower without a boundary wire", ["ninebot"], []),
    ("Roborock beats estimates as robot vacuum sales grow", ["roborock"], ["robot-vacuums"]),
    ("POCO launches a budget phone with a large battery", ["poco", "xiaomi"], []),
    ("Dreame's cordless vacuum gets a lighter motor", ["dreame"], ["robot-vacuums"]),
    ("Roborock opens a research centre in Europe", ["roborock"], []),
]

# The first story's article as its page was read (full text).
LAUNCH_BODY = (
    "Roborock has shown a robot vacuum that carries a small folding arm on its top. "
    "The arm lifts socks, cables and other light objects out of the way before the "
    "vacuum passes, and folds back into the body when it is not needed, so the machine "
    "still fits under sofas and beds.\n\n"
    "The company says the arm recognises more than a hundred kinds of objects and puts "
    "them in one place the owner chooses in the app. Sales start in China this month, "
    "with Europe and North America to follow later in the year; Roborock did not give "
    "a price for the European market yet."
)
# (source, title, minutes after the first report) of the first story.
COVERAGE = [
    ("Haushalt Heute", "Roborock zeigt einen Saugroboter mit Greifarm", 20),
    ("科技日报", "石头科技发布带机械臂的扫地机器人", 40),
]

OLDER_TITLES = [
    "Quarterly results: what the ecosystem sold",
    "Hands-on with the latest smart-home gadgets",
    "Trade fair round-up from Shenzhen",
    "Review: a week with a robot vacuum",
]


@pytest.fixture
def news(ecosystem_data):
    """A year of news: realistic stories this week and a varying weekly volume before."""
    import datetime

    from django.utils import timezone

    from ecosystem.brands.models import Brand, ProductCategory
    from ecosystem.news.models import NewsItem, Source
    from tests.factories import MentionFactory, NewsItemFactory, SourceFactory, bulk_news

    brands = {brand.slug: brand for brand in Brand.objects.all()}
    categories = {category.slug: category for category in ProductCategory.objects.all()}
    now = timezone.now()
    source = SourceFactory(name="Gadget Weekly")
    for n, (title, slugs, category_slugs) in enumerate(STORIES):
        item = NewsItemFactory(
            source=source,
            title=title,
            summary=f"<p>{title}. The company announced it on its own channels this week.</p>",
            published_at=now - datetime.timedelta(hours=5 * n + 1),
        )
        item.categories.set(categories[slug] for slug in category_slugs)
        for slug in slugs:
            MentionFactory(news_item=item, brand=brands[slug], alias=brands[slug].name)
        if n == 0:
            launch = item
    launch.body = LAUNCH_BODY
    launch.save()
    # The launch as two more outlets told it: one story covered by three sources.
    for name, title, minutes in COVERAGE:
        other = NewsItemFactory(
            source=SourceFactory(name=name),
            title=title,
            summary=f"<p>{title}.</p>",
            published_at=launch.published_at + datetime.timedelta(minutes=minutes),
            story=launch,
        )
        MentionFactory(news_item=other, brand=brands["roborock"], alias="Roborock")
    # Older news, a few items a week for a year, so the charts have shape.
    vacuums = [categories["robot-vacuums"]]
    older = []
    for week in range(1, 52):
        start = now - datetime.timedelta(weeks=week, days=1)
        count = 2 + (week * 7) % 5
        older += bulk_news(count, brands=[brands["xiaomi"]], start=start)
        if week % 2:
            older += bulk_news(
                1 + week % 3, brands=[brands["dreame"]], categories=vacuums, start=start
            )
        if week % 9 == 0:
            older += bulk_news(1, brands=[brands["roborock"]], categories=vacuums, start=start)
    # Titles that read like news in the lists and screenshots.
    for n, item in enumerate(older):
        item.title = f"{OLDER_TITLES[n % len(OLDER_TITLES)]} ({n + 1})"
    NewsItem.objects.bulk_update(older, ["title"])
    Source.objects.exclude(pk=source.pk).exclude(name__in=[name for name, _, _ in COVERAGE]).update(
        name="Tech Daily"
    )
