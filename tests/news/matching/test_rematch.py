"""Changing aliases re-matches the stored news; editors' decisions stay."""

import pytest

from ecosystem.brands.models import Alias, Brand, ExclusionPhrase
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import Mention
from ecosystem.news.signals import _enqueue_rematch
from tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def test_a_new_alias_finds_the_stored_items_that_use_it():
    item = NewsItemFactory(title="Die neue Staubsauger-Serie von Shitou")
    roborock = Brand.objects.get(slug="roborock")
    rematch_all()
    assert not item.mentions.exists()
    Alias.objects.create(brand=roborock, text="Shitou", language="de")
    assert rematch_all() >= 1
    assert list(item.brands.values_list("slug", flat=True)) == ["roborock"]


def test_a_new_exclusion_removes_the_mentions_it_rules_out():
    item = NewsItemFactory(title="Dreame Team wins the cup")
    rematch_all()
    assert item.mentions.filter(brand__slug="dreame").exists()
    ExclusionPhrase.objects.create(brand=Brand.objects.get(slug="dreame"), text="Dreame Team")
    rematch_all()
    assert not item.mentions.filter(brand__slug="dreame").exists()


def test_an_editors_mention_survives_a_rematch():
    item = NewsItemFactory(title="A gadget")
    Mention.objects.create(
        news_item=item, brand=Brand.objects.get(slug="mijia"), matched_in=Mention.Field.EDITOR
    )
    rematch_all()
    assert item.mentions.filter(brand__slug="mijia", matched_in="editor").exists()


def test_saving_aliases_enqueues_one_rematch_per_transaction(django_capture_on_commit_callbacks):
    brand = Brand.objects.get(slug="yeelight")
    with django_capture_on_commit_callbacks() as callbacks:
        Alias.objects.create(brand=brand, text="Yeelight Lamp", language="en")
        Alias.objects.create(brand=brand, text="Yeelight Lamp Pro", language="en")
        ExclusionPhrase.objects.create(brand=brand, text="Yeelight Street")
    assert callbacks == [_enqueue_rematch]
