"""Following a brand as a visitor does: the form on its page, the mail, the
confirmation, the page that manages it; each follow page in every language and width."""

import re

import pytest

from ecosystem.brands.models import Brand
from ecosystem.follows import tokens
from tests.browser.conftest import ARTIFACTS, LANGUAGES, WIDTHS
from tests.browser.test_pages import problems_of
from tests.factories import FollowFactory, SubscriberFactory
from tests.mail_server import text_of

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("tasks_run_at_once"),
]
SHOTS = ARTIFACTS / "follows"


def test_a_visitor_follows_a_brand_from_its_page_and_confirms_from_the_mail(
    page, live_server, mail_server, settings
):
    settings.SITE_URL = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/brands/roborock/")
    page.get_by_role("link", name="Follow by mail").click()
    form = page.locator("#follow")
    form.get_by_label("Your mail address").fill("visitor@example.org")
    form.get_by_label("How often").select_option("weekly")
    form.get_by_role("button", name="Follow").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    page.screenshot(path=str(SHOTS / "brand-after-follow.png"), full_page=True)

    [message] = mail_server.wait_for(1)
    assert message["Subject"] == "Please confirm: follow Roborock"
    link = re.search(r"(http://\S+/follow/confirm/\S+/)", text_of(message)).group(1)
    page.goto(link)
    assert "You asked to follow Roborock." in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / "confirm.png"), full_page=True)
    page.get_by_role("button", name="Confirm and start following").click()

    page.get_by_role("heading", name="Your follows").wait_for()
    main = page.locator("main").inner_text()
    assert "Confirmed. You will hear of new stories from now on." in main
    assert "Roborock" in main and "visitor@example.org" in main
    assert page.get_by_label("How often").input_value() == "weekly"
    page.screenshot(path=str(SHOTS / "manage-after-confirm.png"), full_page=True)


def test_a_search_can_be_followed_from_its_results(page, mail_server):
    page.goto("/news/?q=robot+vacuum")
    form = page.locator("#follow")
    assert form.get_by_role("heading").inner_text() == "Follow this search"
    form.get_by_label("Your mail address").fill("searcher@example.org")
    form.get_by_role("button", name="Follow").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    [message] = mail_server.wait_for(1)
    assert "robot vacuum" in message["Subject"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_follow_pages_load_cleanly(visitors, ecosystem_data, language, width):
    visitor = visitors(language, WIDTHS[width])
    subscriber = SubscriberFactory(email=f"{language}-{width}@example.org", language=language)
    FollowFactory(
        subscriber=subscriber, brand=Brand.objects.get(slug="roborock"), include_tied=True
    )
    waiting = FollowFactory(
        subscriber=subscriber, query="扫地机器人", frequency="instant", confirmed_at=None
    )
    pages = {
        # Not a page other tests open in these shared tabs: the browser keeps public
        # pages for PAGE_CACHE_SECONDS, and another test's news would not show.
        "brand-form": ("/brands/dreame/", 200),
        "sent": ("/follow/sent/", 200),
        "confirm": (f"/follow/confirm/{tokens.confirm_token(waiting.pk)}/", 200),
        "manage": (f"/follow/manage/{tokens.manage_token(subscriber.pk)}/", 200),
        "unsubscribe": (f"/follow/unsubscribe/{tokens.unsubscribe_token(waiting.pk)}/", 200),
        "bad-link": ("/follow/manage/not-a-token/", 404),
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, (path, status) in pages.items():
        if found := problems_of(visitor, path, status, language):
            problems[name] = found
        visitor.page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
    assert problems == {}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_digest_mail_reads_well_in_a_mail_client(visitors, ecosystem_data, language, width):
    """The HTML part of a digest as a mail client shows it (no style sheet, no scripts)."""
    import datetime

    from django.utils import timezone

    from ecosystem.follows import alerts
    from ecosystem.follows.mails import build_message
    from tests import support
    from tests.factories import SourceFactory

    roborock = Brand.objects.get(slug="roborock")
    follow = FollowFactory(
        brand=roborock, subscriber__language=language, subscriber__email=f"m-{language}@example.org"
    )
    now = timezone.now()
    first = support.news(
        brands=[roborock],
        title="Roborock shows a robot vacuum with a folding arm",
        published_at=now - datetime.timedelta(hours=5),
    )
    support.news(
        brands=[roborock, Brand.objects.get(slug="xiaomi")],
        title="Roborock's arm robot: the first hands-on",
        story=first,
        source=SourceFactory(name="Second outlet"),
        published_at=now - datetime.timedelta(hours=2),
    )
    support.news(
        brands=[roborock],
        title="石头科技发布新款扫地机器人",
        published_at=now - datetime.timedelta(hours=1),
    )
    [mail] = alerts.queue_digests("daily")
    html = build_message(mail).alternatives[0].content
    page = visitors(language, WIDTHS[width]).page
    page.set_content(str(html))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"mail-digest-{language}-{width}.png"), full_page=True)
    assert page.locator("a", has_text="石头科技发布新款扫地机器人").count() == 1
    # The address is in the To: header only, not in the body a forwarded mail would show.
    assert follow.subscriber.email not in page.content()
