"""Official channels: a brand's own newsroom items become its announcements, once each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.announcements.channels import announce
from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Brand
from ecosystem.core import outbox
from ecosystem.core.models import Job
from ecosystem.news.models import NewsItem
from tests.factories import SourceFactory
from tests.news.ingestion.test_store import entry, store

pytestmark = pytest.mark.django_db


def official_jobs():
    # A store writes other apps' jobs too (instant alerts of follows): these are ours.
    return Job.objects.filter(kind="announcements.official")


@pytest.fixture
def roborock():
    return Brand.objects.get(slug="roborock")


def test_a_store_writes_one_job_for_its_new_items(roborock):
    source = SourceFactory(official_for=roborock)
    store(source, [entry(1, title="Roborock one"), entry(2, title="Roborock two")])
    job = official_jobs().get()
    ids = sorted(NewsItem.objects.values_list("pk", flat=True))
    assert (job.kind, job.state) == ("announcements.official", "pending")
    assert job.arguments == {"brand_id": roborock.pk, "item_ids": ids}


def test_other_sources_and_stores_without_new_items_write_no_job(roborock):
    store(SourceFactory(), [entry(1, title="Roborock elsewhere")])
    official = SourceFactory(official_for=roborock)
    store(official, [entry(2, title="Roborock one")])
    official_jobs().delete()
    store(official, [entry(2, title="Roborock one")])  # the same item again
    assert not official_jobs().exists()


def test_the_job_announces_each_item_once_however_often_it_runs(roborock):
    source = SourceFactory(official_for=roborock)
    store(source, [entry(1, title="Roborock one"), entry(2, title="Roborock two")])
    outbox.process_due()
    job = official_jobs().get()
    assert job.state == "done"
    arguments = job.arguments
    announce(**arguments)  # run again, as after a worker died before marking it done
    from_feed = Announcement.objects.filter(news_item__isnull=False)
    assert sorted(from_feed.values_list("title", flat=True)) == ["Roborock one", "Roborock two"]
    assert all(a.is_public and list(a.brands.all()) == [roborock] for a in from_feed)


def test_a_second_run_costs_one_query(roborock):
    source = SourceFactory(official_for=roborock)
    store(source, [entry(n, title=f"Roborock {n}") for n in range(5)])
    outbox.process_due()
    arguments = official_jobs().get().arguments
    with CaptureQueriesContext(connection) as queries:
        announce(**arguments)
    assert len(queries) == 1
