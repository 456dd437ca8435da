"""Deciding which follows get which news: instant alerts, digests, trend alerts.

Each function writes Mail rows (with the items they tell of) and leaves the
sending to delivery.py. They are safe to run twice or at once in two places:
a digest period is claimed per follow with a conditional UPDATE, an item is
told once per follow (MailItem's unique constraint), and a trend alert once
per follow and week (Mail's).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecosystem.follows.models import Follow, FollowQuerySet, Mail, MailItem
from ecosystem.news import trends

logger = logging.getLogger(__name__)

# How far back a mail looks for news it has not told yet (from the later of
# this and the follow's confirmation), per kind.
LOOK_BACK = {
    Mail.Kind.INSTANT: datetime.timedelta(days=1),
    Mail.Kind.DAILY: datetime.timedelta(days=2),
    Mail.Kind.WEEKLY: datetime.timedelta(days=8),
    Mail.Kind.TREND: trends.WEEK,
}
# Items older than this when they arrive (a new source's back catalogue) are not news.
STALE = datetime.timedelta(days=3)
# A mail tells at most this many items; the follow's page has the rest.
MAX_ITEMS = 200
HOUR = datetime.timedelta(hours=1)


def last_digest_moment(frequency: str, now: datetime.datetime) -> datetime.datetime:
    """When the latest digest of `frequency` was due, at or before `now`: today (or
    yesterday) at DIGEST_HOUR UTC; for weekly ones, that hour on the latest Monday."""
    now = now.astimezone(datetime.UTC)
    moment = now.replace(hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if frequency == Follow.Frequency.WEEKLY:
        moment -= datetime.timedelta(days=moment.weekday())
        step = datetime.timedelta(weeks=1)
    else:
        step = datetime.timedelta(days=1)
    return moment if moment <= now else moment - step


def period_of(frequency: str, now: datetime.datetime) -> str:
    """The digest period `now` falls in: "2026-12-01" for daily, "2026-W49" for weekly."""
    day = now.astimezone(datetime.UTC).date()
    if frequency == Follow.Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def queue_instant(now: datetime.datetime | None = None) -> list[Mail]:
    """One mail per instant follow with news it has not told yet, within the
    address's hourly allowance; what is left waits for the next run."""
    now = now or timezone.now()
    trending = _trending_brands(now)
    mails = []
    for follow in _active(Follow.Frequency.INSTANT):
        if follow.trending_only:
            mail = _queue_trend(follow, now, trending)
        elif _instant_allowance_used(follow, now):
            continue
        else:
            mail = _queue_news(follow, Mail.Kind.INSTANT, now)
        if mail:
            mails.append(mail)
    return mails


def queue_digests(frequency: str, now: datetime.datetime | None = None) -> list[Mail]:
    """The digests of `frequency` due at or before `now` that are not done yet, each
    follow once per period. Run by beat at DIGEST_HOUR, and every minute to catch up
    a tick that was lost (cheap: one indexed query when all are done)."""
    now = now or timezone.now()
    due = last_digest_moment(frequency, now)
    period = period_of(frequency, due)
    kind = Mail.Kind(frequency)
    # A follow confirmed after the digest was due waits for the next one.
    follows = _active(frequency).filter(confirmed_at__lt=due).exclude(digest_period=period)
    if not follows.exists():
        return []
    trending = _trending_brands(now)
    mails = []
    for follow in follows:
        with transaction.atomic():
            claimed = (
                Follow.objects.filter(pk=follow.pk)
                .exclude(digest_period=period)
                .update(digest_period=period)
            )
            if not claimed:
                continue  # another run has this follow's digest
            if follow.trending_only:
                mail = _queue_trend(follow, now, trending)
            else:
                mail = _queue_news(follow, kind, now)
        if mail:
            mails.append(mail)
    return mails


def _active(frequency: str) -> FollowQuerySet:
    follows = Follow.objects.active().filter(frequency=frequency)
    return follows.select_related("subscriber", "brand", "category").order_by("pk")


def _instant_allowance_used(follow: Follow, now: datetime.datetime) -> bool:
    sent = Mail.objects.filter(
        subscriber=follow.subscriber_id, kind=Mail.Kind.INSTANT, created_at__gte=now - HOUR
    )
    return sent.count() >= settings.FOLLOWS_INSTANT_PER_HOUR


def _queue_news(follow: Follow, kind: str, now: datetime.datetime) -> Mail | None:
    assert follow.confirmed_at is not None
    since = max(follow.confirmed_at, now - LOOK_BACK[Mail.Kind(kind)])
    told = MailItem.objects.filter(follow=follow).values("news_item")
    new = (
        follow.news()
        .filter(fetched_at__gte=since, fetched_at__lte=now, published_at__gte=since - STALE)
        .exclude(pk__in=told)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:MAX_ITEMS]
    )
    return _create(follow, kind, list(new))


def _queue_trend(follow: Follow, now: datetime.datetime, trending: set[int]) -> Mail | None:
    """A trend alert when the follow's brand is trending, at most once a week."""
    if follow.brand_id not in trending:
        return None
    told = MailItem.objects.filter(follow=follow).values("news_item")
    this_week = (
        follow.news()
        .filter(published_at__gte=now - trends.WEEK, published_at__lte=now)
        .exclude(pk__in=told)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:MAX_ITEMS]
    )
    return _create(follow, Mail.Kind.TREND, list(this_week), period=period_of("weekly", now))


def _create(follow: Follow, kind: str, item_ids: list[int], period: str = "") -> Mail | None:
    if not item_ids:
        return None  # nothing new: no mail
    try:
        with transaction.atomic():
            mail = Mail.objects.create(
                subscriber_id=follow.subscriber_id, follow=follow, kind=kind, period=period
            )
            MailItem.objects.bulk_create(
                MailItem(mail=mail, follow=follow, news_item_id=pk) for pk in item_ids
            )
    except IntegrityError:
        # Another run told these items (or this week's trend) a moment ago.
        logger.info("follow %s: %s mail already prepared elsewhere", follow.pk, kind)
        return None
    return mail


def _trending_brands(now: datetime.datetime) -> set[int]:
    if not Follow.objects.active().filter(trending_only=True).exists():
        return set()
    return {trend.brand.pk for trend in trends.trending(now=now, limit=None)}
