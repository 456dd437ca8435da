"""The 200 real-world feeds of ../shared/corpus/real-feeds, through the whole pipeline.

Each must end in a clean ingest or a readable error on its Source. The corpus is
other sites' content and is not part of the repository; without it this test skips.
"""

from pathlib import Path

import pytest

from ecosystem.news.ingestion.pipeline import ingest
from ecosystem.news.models import NewsItem, Source

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "real-feeds"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-feed corpus is not at {CORPUS}"),
]


def test_every_real_feed_ends_in_a_clean_ingest_or_a_readable_error(feed_server):
    files = sorted(CORPUS.iterdir())
    for path in files:
        feed_server.expect_request(f"/{path.name}").respond_with_data(path.read_bytes())
    sources = [
        Source.objects.create(name=path.name, url=feed_server.url_for(f"/{path.name}"))
        for path in files
    ]
    failed = {}
    for source in sources:
        result = ingest(source)
        if not result.ok:
            failed[source.name] = result.error
    for source in Source.objects.filter(last_status=Source.Status.FAILED):
        assert source.last_error and "\n" not in source.last_error and len(source.last_error) < 500
    print(f"\n{len(files) - len(failed)} of {len(files)} feeds ingested, {len(failed)} refused:")
    for name, error in sorted(failed.items()):
        print(f"  {name}: {error}")
    assert len(files) == 200
    assert len(failed) <= 10, failed
    assert NewsItem.objects.count() > 6000
    # The corpus has five feeds that mention Xiaomi.
    assert NewsItem.objects.filter(mentions__brand__slug="xiaomi").exists()
