"""Every public page in every language, on a desktop and on a phone.

Each page loads without console errors, without serious or critical axe-core
violations and without sideways scrolling. A full-page screenshot of each goes to
test-artifacts/screenshots/pages/ (git-ignored) to look at.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ecosystem.news.models import NewsItem
from tests.browser.conftest import ARTIFACTS, LANGUAGES, STORIES, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# name → (path, the status it answers)
PAGES = {
    "home": ("/", 200),
    "brands": ("/brands/", 200),
    "xiaomi": ("/brands/xiaomi/", 200),
    "roborock": ("/brands/roborock/", 200),
    "category": ("/categories/robot-vacuums/", 200),
    "news": ("/news/", 200),
    "news-no-results": ("/news/?q=zzzz", 200),
    "story": ("/news/stories/{launch}/", 200),
    "not-found": ("/brands/no-such-brand/", 404),
}

SHOTS = ARTIFACTS / "pages"
AXE = Axe()


def serious_violations(page):
    violations = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def problems_of(visitor, path, status, language):
    """What is wrong with the page at `path`, as a list of sentences."""
    page = visitor.page
    visitor.errors.clear()
    response = page.goto(path)
    problems = []
    if response.status != status:
        problems.append(f"answered {response.status}, not {status}")
    if page.locator("html").get_attribute("lang") != language:
        problems.append(f"html lang is {page.locator('html').get_attribute('lang')}")
    # The browser notes a deliberate error status (the 404 page) as a console error.
    errors = [e for e in visitor.errors if f"status of {status}" not in e or status == 200]
    problems += [f"console: {error}" for error in errors]
    problems += [f"axe: {violation}" for violation in serious_violations(page)]
    scroll_width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > viewport:
        problems.append(f"scrolls sideways: {scroll_width} px wide in a {viewport} px window")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_loads_cleanly(visitors, news, language, width):
    visitor = visitors(language, WIDTHS[width])
    SHOTS.mkdir(parents=True, exist_ok=True)
    launch = NewsItem.objects.get(title=STORIES[0][0]).pk
    problems = {}
    for name, (path, status) in PAGES.items():
        if found := problems_of(visitor, path.format(launch=launch), status, language):
            problems[name] = found
        visitor.page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
    assert problems == {}
