"""The public pages at their final URLs: /, /brands/ and /brands/<slug>/."""

import pytest
from django.urls import reverse

from ecosystem.brands.models import Brand
from tests.factories import AnnouncementFactory, MentionFactory

pytestmark = pytest.mark.django_db


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
    assert "sub-brand of" in redmi and "since 2019" in redmi
    roborock = client.get("/brands/roborock/").content.decode()
    assert "invested in by" in roborock
    ninebot = client.get("/brands/ninebot/").content.decode()
    assert "former partner of" in ninebot and "until" in ninebot


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
