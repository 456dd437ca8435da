import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand
from ecosystem.core import outbox
from ecosystem.news.ingestion.clean import CleanEntry
from ecosystem.news.ingestion.store import store_entries
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from tests.factories import AnnouncementFactory, BrandFactory, NewsItemFactory, SourceFactory
from tests.support import rejected

pytestmark = pytest.mark.django_db


def test_a_scheduled_announcement_needs_a_date():
    assert rejected(lambda: AnnouncementFactory(state="scheduled", publish_at=None))
    assert not rejected(lambda: AnnouncementFactory(state="draft", publish_at=None))


def test_slugs_are_unique():
    AnnouncementFactory(slug="launch")
    assert rejected(lambda: AnnouncementFactory(slug="launch"))


def test_only_published_announcements_that_are_due_are_public():
    brand = BrandFactory()
    now = timezone.now()
    public = AnnouncementFactory(brands=[brand])
    AnnouncementFactory(brands=[brand], state="draft")
    AnnouncementFactory(brands=[brand], state="scheduled", publish_at=now + datetime.timedelta(1))
    AnnouncementFactory(brands=[brand], publish_at=now + datetime.timedelta(days=1))
    assert list(brand.announcements.published()) == [public]
    assert Announcement.objects.published().filter(pk=public.pk).exists()


# The rendered body -------------------------------------------------------------


def test_saving_renders_the_markdown_body_into_body_html():
    announcement = AnnouncementFactory(body="A **new** lamp. <script>alert(1)</script>")
    assert announcement.body_html == "<p>A <strong>new</strong> lamp. </p>"
    announcement.refresh_from_db()
    assert announcement.body_html == "<p>A <strong>new</strong> lamp. </p>"


def test_changing_the_body_renders_it_again_even_with_update_fields():
    announcement = AnnouncementFactory(body="first")
    announcement.body = "*second*"
    announcement.save(update_fields=["body"])
    announcement.refresh_from_db()
    assert announcement.body_html == "<p><em>second</em></p>"


def test_objects_create_fills_body_html_too():
    announcement = Announcement.objects.create(
        slug="made-by-create", title="t", body="[x](https://x.example)", state="draft"
    )
    assert Announcement.objects.get(pk=announcement.pk).body_html == (
        '<p><a href="https://x.example" rel="noopener noreferrer">x</a></p>'
    )


def test_a_feed_made_announcement_keeps_its_sanitised_html_body():
    summary = (
        '<p>Roborock <a href="https://r.example/x" rel="noopener noreferrer nofollow">x</a></p>'
    )
    announcement = AnnouncementFactory(news_item=NewsItemFactory(), body=summary)
    assert announcement.body_html == summary


def test_the_seeded_announcement_has_its_body_rendered_by_the_migration():
    seeded = Announcement.objects.filter(news_item__isnull=True, author__isnull=True).first()
    assert seeded is not None and seeded.body
    assert seeded.body_html.startswith("<p>") and seeded.history.exists()


# State and date ------------------------------------------------------------------


def errors_of(announcement) -> dict:
    try:
        announcement.full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


def unsaved(**fields) -> Announcement:
    return AnnouncementFactory.build(slug="unsaved", title="Unsaved", **fields)


def test_a_draft_may_have_any_date_or_none():
    now = timezone.now()
    for publish_at in (None, now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)):
        assert errors_of(unsaved(state="draft", publish_at=publish_at)) == {}


def test_a_scheduled_announcement_needs_a_future_date():
    now = timezone.now()
    assert "publish_at" in errors_of(unsaved(state="scheduled", publish_at=None))
    assert "publish_at" in errors_of(
        unsaved(state="scheduled", publish_at=now - datetime.timedelta(minutes=1))
    )
    assert errors_of(unsaved(state="scheduled", publish_at=now + datetime.timedelta(hours=1))) == {}


def test_a_published_announcement_without_a_date_is_dated_now():
    announcement = unsaved(state="published", publish_at=None)
    before = timezone.now()
    assert errors_of(announcement) == {}
    assert before <= announcement.publish_at <= timezone.now()


def test_a_published_announcement_cannot_be_dated_in_the_future():
    errors = errors_of(
        unsaved(state="published", publish_at=timezone.now() + datetime.timedelta(hours=1))
    )
    assert "scheduled" in errors["publish_at"][0]


def test_saving_a_published_announcement_without_a_date_dates_it_now():
    announcement = AnnouncementFactory(state="published", publish_at=None)
    assert announcement.publish_at is not None and announcement.is_public


# History ---------------------------------------------------------------------------


def test_every_change_is_kept_in_the_history():
    announcement = AnnouncementFactory(title="First title", brands=[BrandFactory()])
    announcement.title = "Second title"
    announcement.save()
    titles = list(announcement.history.order_by("history_date").values_list("title", flat=True))
    assert titles[0] == "First title" and titles[-1] == "Second title"
    newest, previous = announcement.history.all()[:2]
    assert [change.field for change in newest.diff_against(previous).changes] == ["title"]


def test_the_rendered_body_is_not_duplicated_into_the_history():
    announcement = AnnouncementFactory()
    assert not hasattr(announcement.history.first(), "body_html")


def test_announcements_from_an_official_feed_get_their_body_html_when_stored():
    roborock = Brand.objects.get(slug="roborock")
    source = SourceFactory(official_for=roborock)
    entry = CleanEntry(
        guid="1",
        url="https://roborock.example.com/news/1",
        canonical_url="https://roborock.example.com/news/1",
        title="Roborock opens a lab",
        summary='<p>A <a href="https://roborock.example.com/lab" '
        'rel="noopener noreferrer nofollow">lab</a>.</p>',
        summary_text="A lab.",
        published_at=timezone.now() - datetime.timedelta(hours=1),
        language="en",
    )
    store_entries(
        source, [entry], matcher=Matcher.from_database(), categoriser=Categoriser.from_database()
    )
    outbox.process_due()
    announcement = Announcement.objects.get(news_item__source=source)
    assert announcement.body_html == entry.summary


@pytest.mark.django_db
def test_an_announcement_reads_in_the_visitors_language_and_falls_back_to_english():
    from django.utils import translation

    from tests.factories import AnnouncementFactory

    announcement = AnnouncementFactory(
        title="Launch", body="**New**", title_de="Start", body_de="**Neu** <script>x</script>"
    )

    with translation.override("de"):
        assert announcement.local_title == "Start"
        assert announcement.local_body_html == "<p><strong>Neu</strong> </p>"
    with translation.override("zh-hans"):
        assert announcement.local_title == "Launch"
        assert announcement.local_body_html == "<p><strong>New</strong></p>"


@pytest.mark.django_db
def test_the_seeded_announcement_speaks_german_and_chinese():
    from ecosystem.announcements.models import Announcement

    seeded = Announcement.objects.get(slug__startswith="xiaomi")
    assert seeded.title_de and seeded.title_zh_hans
    assert "<p>" in seeded.body_html_de and "<p>" in seeded.body_html_zh_hans
