"""The public pages at their final URLs (/, /brands/, /brands/<slug>/, /categories/<slug>/,
/news/): what they show, filters with and without htmx, search and paging."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.core import page_cache
from tests.factories import AnnouncementFactory, MentionFactory, NewsItemFactory, bulk_news
from tests.support import NOW

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_shows_xiaomi_and_its_ecosystem(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xiaomi" in page and "小米" in page
    assert 'href="/brands/roborock/"' in page
    assert "10 billion yuan" in page


def test_the_directory_links_every_brand(client):
    response = client.get("/brands/")
    assert response.status_code == 200
    page = response.content.decode()
    for slug in Brand.objects.values_list("slug", flat=True):
        assert f'href="/brands/{slug}/"' in page, slug


@pytest.mark.parametrize("slug", ["xiaomi", "redmi", "roborock", "ninebot", "youpin"])
def test_a_brand_page_shows_its_facts_and_sources(client, slug):
    brand = Brand.objects.get(slug=slug)
    response = client.get(f"/brands/{slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert brand.name in page and brand.native_name in page
    assert str(brand.founded) in page
    for reference in brand.references.all():
        assert reference.url in page


def test_every_brand_has_a_page(client):
    for slug in Brand.objects.values_list("slug", flat=True):
        assert client.get(reverse("brands:detail", args=[slug])).status_code == 200, slug


def test_a_brand_page_says_which_tie_is_which(client):
    redmi = client.get("/brands/redmi/").content.decode()
    assert "Redmi is a sub-brand of" in redmi and "since 2019" in redmi
    assert "Redmi becomes a sub-brand of Xiaomi" in redmi  # the timeline
    roborock = client.get("/brands/roborock/").content.decode()
    assert "Investors in Roborock" in roborock
    ninebot = client.get("/brands/ninebot/").content.decode()
    assert "used to work with" in ninebot and "until" in ninebot
    assert "Ends: " in ninebot


def test_the_parent_page_lists_the_ties_that_point_to_it(client):
    page = client.get("/brands/xiaomi/").content.decode()
    assert 'href="/brands/redmi/"' in page


def test_a_brand_page_shows_its_published_announcements_and_news(client):
    yeelight = Brand.objects.get(slug="yeelight")
    AnnouncementFactory(brands=[yeelight], title="New ceiling light")
    AnnouncementFactory(brands=[yeelight], title="Secret draft", state="draft")
    MentionFactory(brand=yeelight, news_item__title="Yeelight ships a light strip")
    page = client.get("/brands/yeelight/").content.decode()
    assert "New ceiling light" in page
    assert "Secret draft" not in page
    assert "Yeelight ships a light strip" in page


def test_an_unknown_brand_is_a_404_in_the_sites_design(client):
    response = client.get("/brands/no-such-brand/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Xiaomi Ecosystem Tracker" in page and "brand directory" in page


def test_a_brand_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get("/brands/xiaomi/").status_code == 200


def test_announcements_from_an_official_feed_say_so(client):
    roborock = Brand.objects.get(slug="roborock")
    item = MentionFactory(brand=roborock).news_item
    AnnouncementFactory(brands=[roborock], title="Results", body="<p>Up</p>", news_item=item)
    page = client.get("/brands/roborock/").content.decode()
    assert "from the brand&#x27;s official feed" in page or "from the brand's official feed" in page
    assert "<p>Up</p>" in page


def test_the_directory_filters_by_category_including_sub_categories(client):
    html = page(client, "/brands/?category=home-appliances")
    assert 'href="/brands/roborock/"' in html  # robot-vacuums is part of home-appliances
    assert 'href="/brands/yeelight/"' not in html


def test_the_directory_filters_by_kind(client):
    html = page(client, "/brands/?kind=sub_brand")
    assert 'href="/brands/redmi/"' in html and 'href="/brands/roborock/"' not in html


def test_htmx_gets_only_the_list_a_fraction_of_the_page(client):
    full = page(client, "/brands/?category=robot-vacuums")
    partial = page(client, "/brands/?category=robot-vacuums", headers=HTMX)
    assert 'id="results"' in partial and "<html" not in partial and "<form" not in partial
    assert 'href="/brands/roborock/"' in partial
    assert len(partial) < len(full) / 3


def test_the_filter_forms_work_without_javascript(client):
    html = page(client, "/brands/")
    assert '<form class="filters" method="get" action="/brands/"' in html
    assert 'hx-push-url="true"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/brands/?category=no-such-thing&kind=emperor",
        "/news/?since=yesterday&until=32.13.2026&brand=nobody&category=%00",
        "/news/?q=" + "x" * 5000,
        "/categories/robot-vacuums/?before=2026-13-45~-1",
    ],
)
def test_bad_filter_values_are_ignored_or_refused_never_a_500(client, url):
    assert client.get(url).status_code in (200, 400)


def test_a_bad_page_cursor_is_a_400(client):
    assert client.get("/brands/roborock/?before=garbage").status_code == 400


def test_unknown_slugs_are_404s_in_the_sites_design(client):
    for url in ("/brands/nobody/", "/categories/nothing/", "/brands/nobody/feed/"):
        response = client.get(url)
        assert response.status_code == 404
    assert "brand directory" in client.get("/categories/nothing/").content.decode()


def test_news_search_finds_titles_and_summaries(client):
    NewsItemFactory(title="Saugroboter im Test", summary="<p>Überraschend leise</p>")
    NewsItemFactory(title="Something else")
    html = page(client, "/news/?q=überraschend")
    assert "Saugroboter im Test" in html and "Something else" not in html


def test_news_filters_by_brand_and_category(client):
    roborock = Brand.objects.get(slug="roborock")
    vacuums = ProductCategory.objects.get(slug="robot-vacuums")
    bulk_news(2, brands=[roborock], categories=[vacuums])
    NewsItemFactory(title="Unrelated")
    html = page(client, "/news/?brand=roborock&category=robot-vacuums")
    assert html.count("Bulk story") == 2 and "Unrelated" not in html


def test_the_news_category_filter_includes_sub_categories(client):
    bulk_news(1, categories=[ProductCategory.objects.get(slug="robot-vacuums")])
    NewsItemFactory(title="Unrelated")
    html = page(client, "/news/?category=home-appliances")  # robot-vacuums' parent
    assert "Bulk story 0" in html and "Unrelated" not in html


def test_hidden_items_are_on_no_public_page(client):
    roborock = Brand.objects.get(slug="roborock")
    (item,) = bulk_news(1, brands=[roborock])
    item.hidden = True
    item.save()
    for url in ("/", "/news/", "/brands/roborock/", "/brands/roborock/feed/"):
        assert "Bulk story 0" not in page(client, url), url


def test_a_brand_page_pages_its_news_with_load_more(client):
    roborock = Brand.objects.get(slug="roborock")
    bulk_news(45, brands=[roborock])
    first = page(client, "/brands/roborock/")
    assert "Bulk story 19" in first and "Bulk story 20" not in first
    assert "Load more news" in first
    next_url = first.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    more = page(client, "/brands/roborock/" + next_url, headers=HTMX)
    assert "Bulk story 20" in more and "Bulk story 39" in more and "Bulk story 19" not in more
    assert "<html" not in more and "Facts" not in more


def test_a_parent_page_can_roll_up_the_news_of_brands_tied_to_it(client):
    redmi = Brand.objects.get(slug="redmi")
    bulk_news(1, brands=[redmi])
    assert "Bulk story 0" not in page(client, "/brands/xiaomi/")
    assert "Bulk story 0" in page(client, "/brands/xiaomi/?include=tied")
    assert "Bulk story 0" in page(client, "/brands/xiaomi/feed/?include=tied")


def test_a_story_covered_by_several_sources_is_one_row(client):
    anchor = NewsItemFactory(title="Xiaomi 17 Ultra launches")
    NewsItemFactory(title="Xiaomi 17 Ultra launches today", story=anchor)
    html = page(client, "/news/")
    assert "covered by 2 sources" in html and "launches today" not in html
    assert f'href="/news/stories/{anchor.pk}/"' in html


def test_the_story_page_lists_every_sources_report_the_first_first(client):
    anchor = NewsItemFactory(title="Xiaomi 17 Ultra launches", published_at=NOW)
    later = NewsItemFactory(
        title="Xiaomi 17 Ultra arrives", story=anchor, published_at=NOW + timedelta(hours=2)
    )
    NewsItemFactory(title="Hidden report", story=anchor, hidden=True)
    NewsItemFactory(title="Another story")
    html = page(client, f"/news/stories/{anchor.pk}/")
    assert "The same story as 2 sources reported it" in html
    assert html.index(anchor.source.name) < html.index(later.source.name)
    assert "Xiaomi 17 Ultra arrives" in html
    assert "Hidden report" not in html and "Another story" not in html
    response = client.get(f"/news/stories/{later.pk}/")
    assert (response.status_code, response["Location"]) == (301, f"/news/stories/{anchor.pk}/")


def test_the_story_page_speaks_german_and_chinese(client):
    anchor = NewsItemFactory(title="Xiaomi 17 Ultra launches")
    NewsItemFactory(story=anchor)
    url = f"/news/stories/{anchor.pk}/"
    assert "2 Quellen" in page(client, url, headers={"Accept-Language": "de"})
    assert "2 个来源" in page(client, url, headers={"Accept-Language": "zh-hans"})


BODY = "The S9 MaxV lifts its mop pads on carpets. " * 40 + "<script>alert(1)</script>"


def test_the_story_page_shows_an_excerpt_of_the_body_and_links_to_the_whole(client):
    item = NewsItemFactory(
        title="Roborock S9 MaxV reviewed", body=BODY, url="https://gadgets.example/s9"
    )
    html = page(client, f"/news/stories/{item.pk}/")
    assert "From the article" in html
    excerpt = html.split('<blockquote class="excerpt" cite="https://gadgets.example/s9">')[1]
    excerpt = excerpt.split("</blockquote>")[0]
    assert "The S9 MaxV lifts its mop pads on carpets." in excerpt
    assert excerpt.strip().removesuffix("</p>").endswith(" its mop…")  # cut at a word
    assert len(excerpt) < 600  # an excerpt, never the whole body
    assert "alert(1)" not in html and "<script>alert" not in html
    assert (
        f"The beginning of the article as {item.source.name} published it." in html
        and 'href="https://gadgets.example/s9" rel="noopener noreferrer nofollow">'
        "Read the whole article</a>"
        in html
    )


def test_a_short_body_is_shown_whole_and_escaped(client):
    item = NewsItemFactory(body='Yeelight <b>lamps</b> & "Matter"')
    html = page(client, f"/news/stories/{item.pk}/")
    assert "Yeelight &lt;b&gt;lamps&lt;/b&gt; &amp; &quot;Matter&quot;" in html


def test_a_story_without_a_body_shows_no_excerpt(client):
    item = NewsItemFactory(body="")
    assert "From the article" not in page(client, f"/news/stories/{item.pk}/")


@pytest.mark.parametrize(
    ("language", "words"),
    [("de", ("Aus dem Artikel", "Ganzen Artikel lesen")), ("zh-hans", ("文章摘录", "阅读全文"))],
)
def test_the_excerpt_speaks_german_and_chinese(client, language, words):
    item = NewsItemFactory(body=BODY, url="https://gadgets.example/s9")
    html = page(client, f"/news/stories/{item.pk}/", headers={"Accept-Language": language})
    assert all(word in html for word in words)


def test_the_story_page_costs_the_same_queries_with_a_body_and_many_reports(
    client, django_assert_num_queries
):
    anchor = NewsItemFactory(body=BODY)
    NewsItemFactory.create_batch(5, story=anchor, body=BODY)
    url = f"/news/stories/{anchor.pk}/"
    client.get(url)
    page_cache.catalogue_changed()
    with django_assert_num_queries(QUERIES_STORY):
        assert client.get(url).status_code == 200


# The item with its source, and the story's reports with theirs.
QUERIES_STORY = 2


def test_a_hidden_or_unknown_story_is_not_found(client):
    assert client.get("/news/stories/999999/").status_code == 404
    hidden = NewsItemFactory(hidden=True)
    assert client.get(f"/news/stories/{hidden.pk}/").status_code == 404


def test_the_category_page_lists_its_brands_news_and_announcements(client):
    lighting = ProductCategory.objects.get(slug="smart-lighting")
    bulk_news(1, categories=[lighting])
    announcement = AnnouncementFactory(title="Lamps for everyone")
    announcement.categories.add(lighting)
    html = page(client, "/categories/smart-lighting/")
    assert 'href="/brands/yeelight/"' in html
    assert "Bulk story 0" in html and "Lamps for everyone" in html


def test_the_home_page_draws_the_map_the_weekly_chart_shares_and_trends(client):
    bulk_news(5, brands=[Brand.objects.get(slug="dreame")])
    html = page(client, "/")
    assert "<svg" in html and 'class="node node-ecosystem"' in html
    assert 'class="edge edge-sub_brand_of"' in html
    # The weekly chart: labelled, with its numbers as a table too.
    assert 'aria-label="Items naming a tracked brand, per week, over the last 12 months"' in html
    assert 'data-value="5"' in html
    assert "5 mentions in all" in html
    # Dreame has all the news, and five items out of nowhere is a trend.
    assert '<a href="/brands/dreame/">Dreame</a>' in html
    assert "100.0 %" in html
    assert "5 items this week" in html


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script
    assert "<script>" not in page(client, "/")


def test_htmx_comes_from_django_htmx_static_files(client):
    assert "/static/django_htmx/htmx-2.min.js" in page(client, "/")


@override_settings(LANGUAGE_CODE="en")
def test_the_ui_speaks_german_when_asked(client):
    client.post("/i18n/setlang/", {"language": "de", "next": "/brands/"})
    html = page(client, "/brands/")
    assert 'lang="de"' in html and "Marken" in html


def test_links_from_feeds_do_not_leak_the_opener(client):
    bulk_news(1, brands=[Brand.objects.get(slug="roborock")])
    assert 'rel="noopener noreferrer">Bulk story 0' in page(client, "/brands/roborock/")


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize(
    "url",
    ["/", "/brands/", "/brands/?category=smart-home", "/brands/roborock/", "/brands/xiaomi/",
     "/brands/xiaomi/?include=tied", "/categories/robot-vacuums/", "/categories/smart-home/",
     "/news/", "/news/?brand=roborock", "/news/?category=smart-home",
     "/news/?q=story&category=robot-vacuums", "/news/?q=Saugroboter", "/news/?q=扫地机器人",
     "/brands/roborock/feed/", "/categories/smart-home/feed/"],
)  # fmt: skip
def test_a_page_costs_the_same_queries_at_10_and_1000_items(
    client, django_assert_num_queries, count, url
):
    roborock = Brand.objects.get(slug="roborock")
    bulk_news(
        count, brands=[roborock], categories=[ProductCategory.objects.get(slug="robot-vacuums")]
    )
    client.get(url)  # warm up what is cached per process (content types, translations)
    page_cache.catalogue_changed()  # measure rendering the page, not serving it from the cache
    expected = QUERIES[url]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    if not url.endswith("/feed/"):
        with django_assert_num_queries(0):  # now cached
            assert client.get(url).status_code == 200


# The same at 10 and at 1,000 items, and (bench/pages.py) at 1,000,000.
QUERIES = {
    # The charts, from the maintained counts (news/counters.py): weekly counts,
    # share of voice and its brands, trending and its brands.
    "/": 11,
    "/brands/": 3,
    "/brands/?category=smart-home": 4,  # and the category's family
    "/brands/roborock/": 8,  # with the brand's weekly counts
    "/brands/xiaomi/": 8,
    "/brands/xiaomi/?include=tied": 8,  # the tied brands are a subquery
    "/categories/robot-vacuums/": 6,
    "/categories/smart-home/": 6,
    "/news/": 3,
    "/news/?brand=roborock": 4,
    "/news/?category=smart-home": 4,
    # ranked by relevance: the candidates first (PostgreSQL)
    "/news/?q=story&category=robot-vacuums": 4 + (connection.vendor == "postgresql"),
    # nothing matches: nothing more to fetch (ranked: no candidates, no page query)
    "/news/?q=Saugroboter": 3,
    "/news/?q=扫地机器人": 3,
    "/brands/roborock/feed/": 2,
    "/categories/smart-home/feed/": 2,
}
