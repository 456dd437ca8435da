"""Fetch, parse, clean and store one source: the pipeline the task and the commands share.

Every failure ends as data on the Source (a one-line message, the time, a
back-off), never as an exception out of `ingest`, and never touches what is
stored already: items are written in one transaction after the whole feed has
been fetched and parsed.

A source that has stored nothing yet and answers with a web page instead of a
feed is looked at once more: the feed the page names (discover.py) becomes the
source's URL and the page is remembered; a page that names none but links
articles makes the source a page source (pages.py), read for links to new
articles from then on.
"""

import contextlib
import datetime
import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from ecosystem.core import outbox
from ecosystem.news.ingestion import fulltext, pages
from ecosystem.news.ingestion.clean import CleanEntry, clean_entry
from ecosystem.news.ingestion.discover import feed_links, main_feed
from ecosystem.news.ingestion.fetch import ACCEPT, FetchError, FetchResult, fetch
from ecosystem.news.ingestion.fulltext import wants_full_text
from ecosystem.news.ingestion.parse import FeedParseError, parse_feed
from ecosystem.news.ingestion.store import StoreReport, store_entries
from ecosystem.news.ingestion.webpage import PageError, is_web_page, read_page
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import NewsItem, Source

logger = logging.getLogger(__name__)


@dataclass
class IngestResult:
    report: StoreReport = field(default_factory=StoreReport)
    error: str = ""
    not_modified: bool = False
    # Publication dates of the feed's entries, for the scheduler.
    published: list[datetime.datetime] = field(default_factory=list)
    # What the fetch found out about the source itself: the feed its page names, or
    # that it is a page listing articles (one line, for the command to print).
    note: str = ""
    # A page source's new articles left for a later fetch (its budget spent).
    waiting: int = 0

    @property
    def ok(self) -> bool:
        return not self.error


class SourceBusy(Exception):
    """Another worker holds the source's lease, or one that died does until `leased_until`."""

    def __init__(self, source_id: int, leased_until: datetime.datetime | None) -> None:
        super().__init__(f"source {source_id} is leased until {leased_until}")
        self.leased_until = leased_until


def ingest_claimed(
    source_id: int, *, unless_fetched_since: datetime.datetime | None = None
) -> IngestResult | None:
    """Lease the source, fetch and store it as `ingest` does, and let it go again.

    Raises Source.DoesNotExist when the source is gone and SourceBusy when
    another worker holds it. Returns None, fetching nothing, when the source was
    fetched at or after `unless_fetched_since` (a task the broker delivered twice).
    """
    lease = Source.objects.claim(source_id)
    if lease is None:
        held = Source.objects.filter(pk=source_id).values_list("leased_until", flat=True)
        if not held:
            raise Source.DoesNotExist(f"source {source_id} is gone")
        raise SourceBusy(source_id, held[0])
    try:
        # Read after the claim: as the previous holder of the lease left it.
        source = Source.objects.get(pk=source_id)
        fetched = source.last_fetched_at
        if unless_fetched_since and fetched and fetched >= unless_fetched_since:
            logger.info("source %s was fetched since %s", source_id, unless_fetched_since)
            return None
        return ingest(source)
    finally:
        Source.objects.release(source_id, lease)


def ingest(source: Source, *, now: datetime.datetime | None = None) -> IngestResult:
    """Fetch `source` now and store what it brings."""
    now = now or timezone.now()
    is_page = source.kind == Source.Kind.PAGE
    try:
        response = fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            accept=pages.ACCEPT if is_page else ACCEPT,
        )
    except FetchError as exc:
        return _failed(
            source, str(exc), exc.retry_after, now, transient=exc.transient, gone=exc.status == 410
        )
    if response.status == 304:
        source.record_success(
            status=Source.Status.NOT_MODIFIED, etag=response.etag or source.etag,
            last_modified=response.last_modified or source.last_modified, published=[], new=0,
            max_age=response.max_age, retry_after=response.retry_after, now=now,
        )  # fmt: skip
        return IngestResult(not_modified=True)
    if is_page:
        return _ingest_page(source, response, now)
    if is_web_page(response.body) and _still_to_be_told(source):
        return _discover(source, response, now)
    result = ingest_bytes(source, response.body, base_url=response.url, now=now)
    if result.ok:
        source.record_success(
            status=Source.Status.OK, etag=response.etag,
            last_modified=response.last_modified, published=result.published, new=result.report.new,
            max_age=response.max_age, retry_after=response.retry_after, now=now,
        )  # fmt: skip
    return result


def ingest_bytes(
    source: Source, body: bytes, *, base_url: str = "", now: datetime.datetime | None = None
) -> IngestResult:
    """Parse, clean and store a feed document already in hand (the demo feed, tests)."""
    with _cycle_collection_paused():
        return _ingest_bytes(source, body, base_url=base_url, now=now or timezone.now())


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector waits until the feed is stored.

    A large feed makes hundreds of thousands of objects that live until it is
    stored; each time enough of them pile up, the collector walks every object
    of the worker again, and finds nothing to free. Reference counting frees
    objects as usual meanwhile; cycles are collected afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _ingest_bytes(
    source: Source, body: bytes, *, base_url: str, now: datetime.datetime
) -> IngestResult:
    try:
        feed = parse_feed(body, url=base_url or source.url)
    except FeedParseError as exc:
        return _failed(source, str(exc), None, now)
    feed_url = base_url or source.url
    # For entries too short to tell their own language: the source's, as an editor
    # set it, else the one the feed declares.
    language = source.language or feed.language[:10]
    entries = [
        cleaned
        for entry in feed.entries
        if (cleaned := clean_entry(entry, feed_url=feed_url, fetched_at=now, language=language))
    ]
    return _store(source, entries, now)


def _store(
    source: Source,
    entries: list[CleanEntry],
    now: datetime.datetime,
    *,
    full_text: bool | None = None,
) -> IngestResult:
    """Store the entries; `full_text` None: as the source's setting and its entries say."""
    if full_text is None:
        full_text = wants_full_text(source, entries)
    try:
        report = store_entries(
            source,
            entries,
            matcher=Matcher.from_database(),
            categoriser=Categoriser.from_database(),
            full_text=full_text,
        )
    except Exception as exc:  # a bug or a database error: recorded, nothing half-written
        logger.exception("storing %s failed", source.url)
        return _failed(source, f"could not store the items: {type(exc).__name__}: {exc}", None, now)
    # The pages are read by a worker after this fetch (news/jobs.py); the items
    # waiting for them are their own record, so a job lost is queued again next fetch.
    try:
        if report.pending or NewsItem.objects.waiting_for_pages(source.pk).exists():
            outbox.enqueue(fulltext.JOB, key=f"source:{source.pk}", source_id=source.pk)
    except Exception:  # the feed is stored; its pages wait for the next fetch
        logger.exception("could not queue reading the article pages of %s", source.url)
    return IngestResult(report=report, published=[entry.published_at for entry in entries])


def _still_to_be_told(source: Source) -> bool:
    """Whether a feed source that answers with a web page may still turn out to be one:
    not when it was found on a page already, nor once it has stored items (then the page
    is an error page of its feed, and fails as one)."""
    return not source.page_url and not NewsItem.objects.filter(source=source).exists()


def _discover(source: Source, response: FetchResult, now: datetime.datetime) -> IngestResult:
    """The source's URL is a web page: follow the feed it names, or read it as a page."""
    try:
        page = read_page(response.body)
    except PageError as exc:
        return _failed(source, str(exc), None, now, transient=False)
    feed = main_feed(feed_links(page, response.url))
    if feed is not None:
        taken = Source.objects.filter(url=feed.url).exclude(pk=source.pk).first()
        if taken is not None:
            message = f"the page names the feed {feed.url}, which the source “{taken.name}” reads"
            return _failed(source, message, None, now, transient=False)
        source.page_url, source.url = source.url, feed.url
        source.etag = source.last_modified = ""
        source.save(update_fields=["url", "page_url", "etag", "last_modified"])
        result = ingest(source, now=now)
        result.note = f"the page names the feed {feed.url}: the source reads it from now on"
        return result
    try:
        links = pages.listed_articles(response.body, response.url, source.link_selector)
    except PageError:
        links = []
    if len(links) < pages.FEWEST_TO_BE_A_LIST and not source.link_selector:
        # A page that says where the feed went, or an error page: not a list of articles.
        return _failed(source, pages.NEITHER_FEED_NOR_LIST, None, now, transient=False)
    source.kind = Source.Kind.PAGE
    source.save(update_fields=["kind"])
    result = _ingest_page(source, response, now)
    result.note = "the page names no feed: the source reads its links to articles from now on"
    return result


def _ingest_page(source: Source, response: FetchResult, now: datetime.datetime) -> IngestResult:
    """A page source's page in hand: its new articles fetched, cleaned and stored."""
    try:
        links = pages.listed_articles(response.body, response.url, source.link_selector)
    except PageError as exc:
        return _failed(source, str(exc), None, now, transient=False)
    read = pages.read_articles(pages.unseen(source, links))
    entries = [
        cleaned
        for entry in read.entries
        if (
            cleaned := clean_entry(
                entry,
                feed_url=response.url,
                fetched_at=now,
                language=source.language or read.languages.get(entry.guid, "")[:10],
            )
        )
    ]
    # Nothing new on the page: no matcher to build, no store to lock.
    # The articles' pages were read already: no full-text step after the store.
    result = _store(source, entries, now, full_text=False) if entries else IngestResult()
    if result.ok:
        if entries:
            pages.mark_article_bodies(source, [entry.guid for entry in entries])
        # Links left for later: the next fetch must read the page again, changed or not.
        keep = not read.waiting
        source.record_success(
            status=Source.Status.OK, etag=response.etag if keep else "",
            last_modified=response.last_modified if keep else "", published=result.published,
            new=result.report.new, max_age=response.max_age if keep else None,
            retry_after=response.retry_after, now=now,
        )  # fmt: skip
        result.waiting = len(read.waiting)
    return result


def _failed(
    source: Source,
    message: str,
    retry_after: datetime.timedelta | None,
    now: datetime.datetime,
    *,
    transient: bool = True,
    gone: bool = False,
) -> IngestResult:
    message = " ".join(message.split())  # one line
    # A failure is data on the Source, not a fault of the application.
    logger.info("feed %s failed: %s", source.url, message)
    source.record_failure(
        message=message, retry_after=retry_after, now=now, transient=transient, gone=gone
    )
    return IngestResult(error=message)
