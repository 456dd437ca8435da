"""Full text for teaser feeds: each new item's article page read for its body.

A feed decides per fetch whether it needs this (`wants_full_text`): its Source
says on, off or automatic, and automatic means that most of the entries of this
fetch are teasers, without a body of their own and with a summary that is short,
ends in a "read more" or is the title again. The store marks such a feed's new
items PENDING (in its transaction); `read_pending` then fetches their pages
through articles.py, newest first and at most ARTICLES_PER_FETCH per run, so a
feed of ten thousand items never sets off ten thousand fetches. What is left
waits for the next run; an item still waiting after PENDING_FOR is too old to be
worth its page and is skipped. Every outcome is recorded on the item (status and
a one-line error), never on the feed: a failed page leaves its item as the feed
gave it. An item that gets its body is matched again, with the body as content.
"""

import datetime
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ecosystem.brands.models import Brand
from ecosystem.core import page_cache
from ecosystem.news import search
from ecosystem.news.ingestion.articles import ArticleError, fetch_article
from ecosystem.news.ingestion.clean import CleanEntry, plain_text
from ecosystem.news.matching.attach import attach
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import BodyOrigin, BodyStatus, Mention, NewsItem, Source

logger = logging.getLogger(__name__)

# The outbox job that reads a source's pending pages after a fetch (news/jobs.py).
JOB = "news.full_text"
# A summary shorter than this (characters of text) says too little to stand for the article.
TEASER_CHARS = 400
# The share of a fetch's entries that must be teasers for an automatic feed to need full text.
TEASER_SHARE = 0.5
# How long an item waits for its page before it is skipped.
PENDING_FOR = datetime.timedelta(days=1)
_READ_MORE = re.compile(
    r"(read more|continue reading|more\s*»|weiterlesen|mehr lesen|zum artikel|阅读全文|"
    r"查看全文|阅读更多|\[(?:…|\.\.\.)\]|…|\.\.\.)\W*$",
    re.IGNORECASE,
)


def is_teaser(entry: CleanEntry) -> bool:
    """Whether the entry carries only a teaser of its article."""
    if entry.body:
        return False
    text = entry.summary_text
    if len(text) < TEASER_CHARS or text == entry.title:
        return True
    return bool(_READ_MORE.search(text[-40:]))


def wants_full_text(source: Source, entries: Sequence[CleanEntry]) -> bool:
    """Whether this fetch's new items of `source` should have their pages read."""
    if source.full_text == Source.FullText.OFF or not entries:
        return False
    if source.full_text == Source.FullText.ON:
        return True
    teasers = sum(1 for entry in entries if is_teaser(entry))
    return teasers >= TEASER_SHARE * len(entries)


@dataclass
class FullTextReport:
    read: int = 0
    failed: int = 0
    skipped: int = 0
    left: int = 0  # still waiting for a later run

    def __str__(self) -> str:
        return (
            f"{self.read} articles read, {self.failed} failed, {self.skipped} skipped, "
            f"{self.left} waiting"
        )


def read_pending(
    source_id: int, *, budget: int | None = None, seconds: float | None = None
) -> FullTextReport:
    """Read the article pages of `source_id`'s pending items, newest first.

    At most `budget` pages (ARTICLES_PER_FETCH), and none started after `seconds`
    have passed (a worker's time limit); the rest stay pending.
    """
    budget = int(settings.ARTICLES_PER_FETCH) if budget is None else budget
    started = time.monotonic()
    report = FullTextReport()
    pending = NewsItem.objects.waiting_for_pages(source_id)
    report.skipped = pending.filter(fetched_at__lt=timezone.now() - PENDING_FOR).update(
        body_status=BodyStatus.SKIPPED, body_error="not fetched: waited too long for its turn"
    )
    ids = list(pending.order_by("-published_at", "-pk").values_list("pk", flat=True))
    matcher = categoriser = None
    for position, item_id in enumerate(ids):
        if position >= budget or (seconds is not None and time.monotonic() - started > seconds):
            report.left = len(ids) - position
            break
        item = NewsItem.objects.filter(pk=item_id, body_status=BodyStatus.PENDING).first()
        if item is None:  # read by another run meanwhile
            continue
        try:
            article = fetch_article(item.url)
        except ArticleError as exc:
            if exc.busy:  # the page was not asked for: it keeps its turn for a later run
                _record(item, BodyStatus.PENDING, exc.message)
                report.left = len(ids) - position
                break
            if exc.disallowed:
                _record(item, BodyStatus.SKIPPED, exc.message)
                report.skipped += 1
            else:
                _record(item, BodyStatus.FAILED, exc.message)
                report.failed += 1
            continue
        if matcher is None or categoriser is None:
            matcher, categoriser = Matcher.from_database(), Categoriser.from_database()
        _store_body(item, article.text, matcher, categoriser)
        report.read += 1
    if ids or report.skipped:
        logger.info("full text of source %s: %s", source_id, report)
    return report


def _record(item: NewsItem, status: str, error: str) -> None:
    logger.info("article page of item %s: %s", item.pk, error)
    NewsItem.objects.filter(pk=item.pk).update(body_status=status, body_error=error[:300])


@transaction.atomic
def _store_body(item: NewsItem, text: str, matcher: Matcher, categoriser: Categoriser) -> None:
    before = set(Mention.objects.filter(news_item=item).values_list("brand_id", flat=True))
    item.body = text
    item.body_words = search.segment(text)
    item.body_origin = BodyOrigin.ARTICLE
    item.body_status = BodyStatus.DONE
    item.body_error = ""
    # update() rather than save(): neither the date nor `hidden` change, so the
    # counters and the mentions' copies have nothing to follow.
    NewsItem.objects.filter(pk=item.pk).update(
        body=item.body,
        body_words=item.body_words,
        body_origin=item.body_origin,
        body_status=item.body_status,
        body_error="",
    )
    brands_of = attach(
        [item], [plain_text(item.summary)], matcher, categoriser, replace=True, contents=[text]
    )
    changed = before | brands_of[item.pk]
    slugs = Brand.objects.filter(pk__in=changed).values_list("slug", flat=True)
    page_cache.news_changed(slugs)
