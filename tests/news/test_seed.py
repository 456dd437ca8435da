"""The brands' newsrooms in the ecosystem data file become inactive official sources."""

import pytest

from ecosystem.brands.seed import SeedDataError, load_ecosystem, read_data
from ecosystem.news.models import Source
from ecosystem.news.seed import validate_sources

pytestmark = pytest.mark.django_db


def test_the_newsrooms_are_loaded_inactive_as_their_brands_official_sources():
    assert not Source.objects.exists()  # the data migration adds none: tests start empty
    report = load_ecosystem()
    assert report.created["sources"] == len(read_data()["source"]) >= 4
    xiaomi = Source.objects.get(url="https://www.mi.com/global/discover/newsroom")
    assert xiaomi.kind == Source.Kind.PAGE and xiaomi.official_for.slug == "xiaomi"
    roborock = Source.objects.get(official_for__slug="roborock")
    assert roborock.kind == Source.Kind.FEED
    assert roborock.page_url == "https://global.roborock.com/blogs/news"
    assert not Source.objects.filter(active=True).exists()


def test_loading_again_keeps_what_administrators_changed():
    load_ecosystem()
    Source.objects.filter(official_for__slug="dreame").update(active=True, name="Dreame")
    # A source that found its feed on a seeded page is that source.
    Source.objects.filter(official_for__slug="xiaomi").update(
        url="https://www.mi.com/global/discover/newsroom/feed.xml",
        page_url="https://www.mi.com/global/discover/newsroom",
    )
    count = Source.objects.count()
    report = load_ecosystem()
    assert report.created.get("sources", 0) == 0 and Source.objects.count() == count
    assert Source.objects.get(official_for__slug="dreame").name == "Dreame"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ({"name": "X", "url": "https://x.example/", "kind": "podcast"}, "kind must be one of"),
        ({"name": "X", "url": "https://x.example/", "official_for": "nobody"}, "unknown brand"),
        ({"url": "https://x.example/"}, "url and name are required"),
    ],
)
def test_a_bad_source_in_the_file_is_refused(source, problem):
    with pytest.raises(SeedDataError, match=problem):
        validate_sources({"brand": [{"slug": "xiaomi"}], "source": [source]})
