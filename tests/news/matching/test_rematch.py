"""Changing aliases re-matches the stored news; editors' decisions stay."""

import pytest

from ecosystem.brands.models import Alias, Brand, ExclusionPhrase
from ecosystem.core import outbox
from ecosystem.core.models import Job
from ecosystem.news.matching.rematch import rematch_all
from ecosystem.news.models import Mention
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


def test_alias_edits_until_the_rematch_starts_share_one_job(django_capture_on_commit_callbacks):
    brand = Brand.objects.get(slug="yeelight")
    with django_capture_on_commit_callbacks() as callbacks:
        Alias.objects.create(brand=brand, text="Yeelight Lamp", language="en")
        Alias.objects.create(brand=brand, text="Yeelight Lamp Pro", language="en")
    ExclusionPhrase.objects.create(brand=brand, text="Yeelight Street")
    Alias.objects.filter(text="Yeelight Lamp Pro").get().delete()
    assert list(Job.objects.values_list("kind", "key", "state")) == [
        ("news.rematch", "all", "pending")
    ]
    # Handed to Celery once, after the first commit, with a countdown to its due time.
    assert len(callbacks) == 1


def test_the_rematch_job_finds_the_items_a_new_alias_names():
    item = NewsItemFactory(title="Die neue Staubsauger-Serie von Shitou")
    Alias.objects.create(brand=Brand.objects.get(slug="roborock"), text="Shitou", language="de")
    Job.objects.update(due_at=Job.objects.get().created_at)  # as if the delay had passed
    assert outbox.process_due() == {"done": 1}
    assert list(item.brands.values_list("slug", flat=True)) == ["roborock"]


def test_an_edit_while_the_rematch_runs_gets_a_rematch_of_its_own():
    brand = Brand.objects.get(slug="yeelight")
    Alias.objects.create(brand=brand, text="Yeelight Lamp", language="en")
    running = Job.objects.get()
    assert Job.objects.claim(running.pk, running.due_at) == 1  # a worker started it
    Alias.objects.create(brand=brand, text="Yeelight Lamp Pro", language="en")
    assert Job.objects.filter(kind="news.rematch", state="pending").count() == 2
