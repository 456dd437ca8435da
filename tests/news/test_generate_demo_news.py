"""`manage.py generate_demo_news`: synthetic news for benchmarks and demos.

The suite runs on SQLite (bulk_create) and, with DATABASE_URL set, on PostgreSQL
(COPY with ids reserved from the sequences); every test here covers both.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils.html import escape

from ecosystem.brands.models import Brand
from ecosystem.news.demo.vocabulary import DEMO_URL_PREFIX
from ecosystem.news.ingestion.clean import plain_text
from ecosystem.news.language import item_language
from ecosystem.news.matching.matcher import Matcher, normalise
from ecosystem.news.models import Mention, NewsItem, Source
from tests.factories import MentionFactory, NewsItemFactory, SourceFactory
from tests.subprocess_django import PRODUCTION, run_django

pytestmark = pytest.mark.django_db

END = "2026-06-01"
END_MOMENT = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)


def generate(*args):
    out = io.StringIO()
    call_command("generate_demo_news", *args, stdout=out)
    return out.getvalue().strip()


def snapshot():
    """What must not change between two runs with one seed: titles, dates, brands."""
    brands = {}
    for guid, slug in Mention.objects.values_list("news_item__guid", "brand__slug"):
        brands.setdefault(guid, set()).add(slug)
    return [
        (guid, title, published_at, frozenset(brands.get(guid, ())))
        for guid, title, published_at in NewsItem.objects.order_by("guid").values_list(
            "guid", "title", "published_at"
        )
    ]


def test_it_writes_the_items_their_mentions_and_categories():
    message = generate("--items", "400", "--seed", "1", "--end", END)
    assert message.startswith("400 demo news items (")
    assert NewsItem.objects.count() == 400
    # Every item names at least one brand and most fall in a category.
    assert not NewsItem.objects.filter(mentions__isnull=True).exists()
    assert NewsItem.objects.filter(categories__isnull=False).distinct().count() > 300
    assert Mention.objects.count() > 400
    # A handful of synthetic sources, all recognisable and never fetched.
    sources = Source.objects.all()
    assert 3 <= len(sources) <= 10
    assert all(s.url.startswith(DEMO_URL_PREFIX) and not s.active for s in sources)
    # Three languages, with the script to match.
    languages = set(NewsItem.objects.values_list("language", flat=True))
    assert languages == {"en", "de", "zh"}
    zh_titles = NewsItem.objects.filter(language="zh").values_list("title", flat=True)
    assert all(any("\u4e00" <= char <= "\u9fff" for char in title) for title in zh_titles)


def test_each_item_is_labelled_with_the_language_its_text_is_written_in():
    # The generator writes each text in a known language: the label is that, per item,
    # and it is what the pipeline's detector reads from the text too.
    # Items that repeat another source's story (story set) included: their text is that story's.
    generate("--items", "1000", "--seed", "2", "--end", END)
    assert (
        NewsItem.objects.filter(story__isnull=False).exclude(language=F("story__language")).count()
        == 0
    )
    rows = NewsItem.objects.values_list("title", "summary", "language")
    agree = sum(
        item_language(title, plain_text(summary), "") == lang for title, summary, lang in rows
    )
    assert agree >= 0.98 * len(rows)


def test_items_spread_over_the_brands_and_the_two_years_before_the_end():
    generate("--items", "2000", "--seed", "3", "--end", END)
    dates = NewsItem.objects.values_list("published_at", flat=True)
    assert min(dates) >= END_MOMENT - datetime.timedelta(days=730)
    assert max(dates) < END_MOMENT
    assert min(dates) < END_MOMENT - datetime.timedelta(days=700)
    assert max(dates) > END_MOMENT - datetime.timedelta(days=30)
    per_brand = dict(
        Mention.objects.values_list("brand__slug")
        .annotate(n=Count("pk"))
        .values_list("brand__slug", "n")
    )
    assert len(per_brand) >= Brand.objects.count() - 3
    # Skewed like real coverage: Xiaomi leads, the small ecosystem companies trail.
    assert per_brand["xiaomi"] == max(per_brand.values())
    assert per_brand["xiaomi"] > 5 * per_brand.get("soocas", 0)


def test_the_same_seed_gives_the_same_news_and_another_seed_other_news():
    generate("--items", "300", "--seed", "7", "--end", END)
    first = snapshot()
    generate("--items", "300", "--seed", "7", "--end", END)
    assert NewsItem.objects.count() == 300  # the second run replaced the first
    assert snapshot() == first
    generate("--items", "300", "--seed", "8", "--end", END)
    other = snapshot()
    assert [title for _, title, _, _ in other] != [title for _, title, _, _ in first]
    assert [date for *_, date, _ in other] != [date for *_, date, _ in first]


def test_mentions_carry_the_items_date_and_the_alias_found_in_the_title():
    generate("--items", "500", "--seed", "1", "--end", END)
    assert not Mention.objects.exclude(published_at=F("news_item__published_at")).exists()
    assert set(Mention.objects.values_list("matched_in", flat=True)) == {"title"}
    for alias, title in Mention.objects.values_list("alias", "news_item__title"):
        assert normalise(alias).casefold() in normalise(title).casefold(), (alias, title)


def test_the_mentions_are_what_the_matcher_finds_in_the_titles():
    generate("--items", "500", "--seed", "2", "--end", END)
    matcher = Matcher.from_database()
    found = {}
    for item_id, brand_id in Mention.objects.values_list("news_item_id", "brand_id"):
        found.setdefault(item_id, set()).add(brand_id)
    for item in NewsItem.objects.all():
        assert {hit.brand_id for hit in matcher.match(item.title)} == found[item.pk], item.title


def test_repeated_stories_point_to_an_item_of_another_source():
    generate("--items", "3000", "--seed", "1", "--end", END)
    repeats = NewsItem.objects.filter(story__isnull=False).select_related("story")
    assert repeats.exists()
    for item in repeats:
        assert item.story.story_id is None
        assert item.source_id != item.story.source_id
        assert item.title == item.story.title


def test_it_refuses_a_database_with_other_sources():
    real = SourceFactory(url="https://www.gizmochina.com/feed/")
    with pytest.raises(CommandError, match=r"gizmochina.*--force"):
        generate("--items", "10")
    assert NewsItem.objects.count() == 0
    assert list(Source.objects.all()) == [real]


def test_force_adds_demo_news_beside_real_news_and_leaves_it_alone():
    real = NewsItemFactory(title="A real story")
    MentionFactory(news_item=real, brand=Brand.objects.get(slug="xiaomi"))
    generate("--items", "50", "--force", "--end", END)
    generate("--items", "20", "--force", "--end", END)  # replaces only its own items
    assert NewsItem.objects.count() == 21
    assert NewsItem.objects.get(pk=real.pk).mentions.count() == 1


def test_rows_added_afterwards_get_fresh_ids():
    generate("--items", "100", "--seed", "1", "--end", END)
    top = NewsItem.objects.order_by("-pk").first().pk
    mention = MentionFactory(brand=Brand.objects.get(slug="roborock"))
    assert mention.news_item.pk > top
    assert Mention.objects.filter(pk=mention.pk).count() == 1


@pytest.mark.parametrize("slug", ["xiaomi", "roborock", "amazfit"])
def test_items_show_up_on_the_brand_pages(client, slug):
    generate("--items", "1500", "--seed", "1", "--end", END)
    newest = (
        NewsItem.objects.visible()
        .stories()
        .for_brand(Brand.objects.get(slug=slug))
        .values_list("title", flat=True)[:5]
    )
    assert len(newest) == 5
    page = client.get(f"/brands/{slug}/").content.decode()
    for title in newest:
        assert escape(title) in page, title


def test_items_show_up_in_the_category_filter(client):
    generate("--items", "1500", "--seed", "1", "--end", END)
    newest = (
        NewsItem.objects.visible()
        .stories()
        .filter(categories__slug="robot-vacuums")
        .order_by("-published_at", "-pk")
        .values_list("title", flat=True)[:3]
    )
    assert len(newest) == 3
    page = client.get("/news/?category=robot-vacuums").content.decode()
    for title in newest:
        assert escape(title) in page, title


def test_a_refusal_exits_1_with_one_clear_line(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    assert run_django("migrate", env=env).returncode == 0
    create = "from ecosystem.news.models import Source\nSource.objects.create(name='Real', "
    create += "url='https://www.gsmarena.com/rss-news-reviews.php3')"
    assert run_django(env=env, code=create).returncode == 0
    result = run_django("generate_demo_news", "--items", "10", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("CommandError: this database holds 1 source(s)")
    assert "--force" in result.stderr
