"""News feeds, the items they carry and the brands each item mentions."""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.brands.models import Brand, CategoryRef, ProductCategory
from ecosystem.news import search
from ecosystem.news.ingestion import schedule
from ecosystem.news.ingestion.listing import BadSelector, compile_selector
from ecosystem.news.search import SearchQuery


class SourceQuerySet(models.QuerySet):
    """Which sources are due, failing or paused, and who may fetch one now.

    Two rules keep fetching race-free without a lock server, in the manner of a
    conditional UPDATE whose row count says who won:

    - `take_due` moves a due source's next_fetch_at forward before its task is
      enqueued, so two beat schedulers running at once enqueue it once.
    - `claim` leases a source to one worker until the lease expires, so two
      workers never fetch it at the same time; a worker killed mid-fetch loses
      its lease when it expires and the redelivered task takes over.
    """

    def due(self, now: datetime | None = None) -> "SourceQuerySet":
        now = now or timezone.now()
        return self.filter(active=True, paused_at__isnull=True).filter(
            Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
        )

    def failing(self) -> "SourceQuerySet":
        """Sources whose last fetch failed and which are still tried (active, not paused)."""
        return self.filter(active=True, paused_at__isnull=True, last_status=Source.Status.FAILED)

    def paused(self) -> "SourceQuerySet":
        return self.filter(paused_at__isnull=False)

    def take_due(self, now: datetime | None = None) -> list[int]:
        """Ids of due sources, each moved out of the due set so nobody else enqueues it."""
        now = now or timezone.now()
        taken = []
        for source_id in self.due(now).values_list("pk", flat=True):
            # Should the task be lost, the source is due again once the lease has passed.
            won = self.due(now).filter(pk=source_id).update(next_fetch_at=now + schedule.LEASE)
            if won:
                taken.append(source_id)
        return taken

    def claim(self, source_id: int, now: datetime | None = None) -> datetime | None:
        """Lease the source to the caller; returns the lease (pass it to `release`) or None."""
        now = now or timezone.now()
        lease = now + schedule.LEASE
        won = (
            self.filter(pk=source_id)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .update(leased_until=lease)
        )
        return lease if won else None

    def release(self, source_id: int, lease: datetime) -> None:
        # Only the holder's own lease: one that expired and was taken over stays.
        self.filter(pk=source_id, leased_until=lease).update(leased_until=None)

    def re_enable(self, now: datetime | None = None) -> int:
        """Clear the pause and the failure count; the sources are due at once. Returns how many."""
        return self.update(**_RE_ENABLED, next_fetch_at=now or timezone.now())

    def delete(self) -> tuple[int, dict[str, int]]:
        from ecosystem.news import counters

        # The items go with their sources, by cascade: the counters lose them first.
        counters.forget(NewsItem.objects.filter(source__in=self.values("pk")))
        return super().delete()


# What re-enabling a source resets (the Source's and the QuerySet's method agree).
_RE_ENABLED = {"paused_at": None, "consecutive_failures": 0, "failing_since": None}


def validate_link_selector(value: str) -> None:
    try:
        compile_selector(value)
    except BadSelector as exc:
        raise ValidationError(
            _("This is not a CSS selector that can be used: %(problem)s"),
            code="bad_selector",
            params={"problem": str(exc)},
        ) from None


class Source(models.Model):
    """A news feed (RSS, Atom or JSON Feed), or a web page that lists articles
    (a newsroom without a feed), fetched on a schedule."""

    class Kind(models.TextChoices):
        FEED = "feed", _("feed")
        PAGE = "page", _("web page listing articles")

    class Status(models.TextChoices):
        NEVER = "never", _("not fetched yet")
        OK = "ok", _("ok")
        NOT_MODIFIED = "not_modified", _("not modified")
        FAILED = "failed", _("failed")

    class FullText(models.TextChoices):
        AUTOMATIC = "auto", _("automatic")
        ON = "on", _("on")
        OFF = "off", _("off")

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("URL"),
        max_length=2000,
        unique=True,
        help_text=_(
            "A feed, or a web page: the first fetch follows the feed the page names, "
            "or reads the page for links to articles when it names none."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.FEED,
        help_text=_(
            "A web page is read for links to articles; each new one becomes an item, "
            "with the title and date the article's own page gives."
        ),
    )
    # Where autodiscovery found the feed: the address an editor gave.
    page_url = models.URLField(
        _("found on page"),
        max_length=2000,
        blank=True,
        help_text=_("The web page that named this feed, when the feed was found on one."),
    )
    link_selector = models.CharField(
        _("article links"),
        max_length=500,
        blank=True,
        validators=[validate_link_selector],
        help_text=_(
            'For a web page: a CSS selector for its links to articles, e.g. "main h3 a" or '
            '".news-card". Left empty, the links of the main content are taken, without '
            "navigation, headers, footers and sidebars."
        ),
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_('For example "en", "de", "zh".')
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active sources are fetched.")
    )
    # A brand's own newsroom: its items also become that brand's announcements.
    official_for = models.ForeignKey(
        Brand,
        verbose_name=_("official feed of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official_sources",
        help_text=_("The brand whose own newsroom this is: its items become its announcements."),
    )
    full_text = models.CharField(
        _("full text"),
        max_length=4,
        choices=FullText.choices,
        default=FullText.AUTOMATIC,
        help_text=_(
            "Whether new items' article pages are fetched for their text. Automatic: when the "
            "feed carries only teasers (short summaries, a “read more” at the end, or the title "
            "again). The text is matched against the brands and searched, never shown whole."
        ),
    )
    min_interval = models.DurationField(_("shortest interval"), default=timedelta(minutes=15))
    max_interval = models.DurationField(_("longest interval"), default=timedelta(hours=12))

    # Fetch state, written by the ingestion pipeline.
    # While a worker fetches, it holds the source until this time (see SourceQuerySet.claim).
    leased_until = models.DateTimeField(
        _("held by a worker until"),
        null=True,
        blank=True,
        help_text=_("While a worker fetches the source, no other one does."),
    )
    next_fetch_at = models.DateTimeField(_("next fetch"), null=True, blank=True)
    # The gap the scheduler chose last time, between min_interval and max_interval.
    fetch_interval = models.DurationField(
        _("current interval"),
        null=True,
        blank=True,
        help_text=_("Chosen after every fetch, between the shortest and the longest interval."),
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_status = models.CharField(
        _("last status"), max_length=20, choices=Status.choices, default=Status.NEVER
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    # When the current run of failures began; empty while the source works.
    failing_since = models.DateTimeField(
        _("failing since"),
        null=True,
        blank=True,
        help_text=_("When the current run of failures began; empty while the source works."),
    )
    paused_at = models.DateTimeField(
        _("paused since"),
        null=True,
        blank=True,
        help_text=_("Paused after repeated failures: not fetched until re-enabled."),
    )
    etag = models.CharField(
        _("ETag"),
        max_length=500,
        blank=True,
        help_text=_("Sent back on the next fetch, so that an unchanged feed is not downloaded."),
    )
    last_modified = models.CharField(
        _("Last-Modified"),
        max_length=100,
        blank=True,
        help_text=_("Sent back on the next fetch, so that an unchanged feed is not downloaded."),
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_interval__lte=F("max_interval")), name="source_interval_bounds"
            ),
        ]
        indexes = [
            # The scheduler's "active sources that are due" scan.
            models.Index(fields=["next_fetch_at"], condition=Q(active=True), name="source_due_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def record_success(
        self,
        *,
        status: str,
        etag: str,
        last_modified: str,
        published: list[datetime],
        new: int,
        max_age: timedelta | None,
        retry_after: timedelta | None,
        now: datetime,
    ) -> None:
        """The source answered: schedule the next fetch and end any run of failures."""
        interval = schedule.interval_after_success(self, published, new)
        delay = max([interval, *(d for d in (max_age, retry_after) if d)])
        self.fetch_interval = interval
        self.next_fetch_at = now + min(delay, schedule.LONGEST_FETCH_GAP)
        self.last_fetched_at = now
        self.last_status = status
        self.consecutive_failures = 0
        self.failing_since = None
        if etag or last_modified or status == Source.Status.OK:
            self.etag, self.last_modified = etag, last_modified
        self.save(
            update_fields=[
                "fetch_interval", "next_fetch_at", "last_fetched_at", "last_status",
                "consecutive_failures", "failing_since", "etag", "last_modified",
            ]
        )  # fmt: skip

    def record_failure(
        self,
        *,
        message: str,
        retry_after: timedelta | None = None,
        now: datetime,
        transient: bool = True,
        gone: bool = False,
    ) -> None:
        """The fetch failed: back off, and pause the source after too many failures in a row.

        A `transient` failure (a timeout, a 5xx) backs off from min_interval; any
        other backs off for hours and pauses the source after fewer failures. A
        `gone` source (HTTP 410) is paused at once: its server says it will not return.
        """
        failures = self.consecutive_failures + 1
        interval = schedule.interval_after_failure(self, failures, transient=transient)
        delay = max(interval, retry_after or timedelta(0))
        if self.consecutive_failures == 0:
            self.failing_since = now
        self.consecutive_failures = failures
        self.fetch_interval = interval
        self.next_fetch_at = now + min(delay, schedule.LONGEST_FETCH_GAP)
        self.last_fetched_at = now
        self.last_status = Source.Status.FAILED
        if gone:
            message = f"{message}: the feed is gone for good; paused until an editor re-enables it"
        self.last_error = message[:500]
        self.last_error_at = now
        pause_after = (
            settings.FEEDS_PAUSE_AFTER_FAILURES
            if transient
            else settings.FEEDS_PAUSE_AFTER_PERMANENT_FAILURES
        )
        if (gone or failures >= pause_after) and self.paused_at is None:
            self.paused_at = now
        self.save(
            update_fields=[
                "consecutive_failures", "failing_since", "fetch_interval", "next_fetch_at",
                "last_fetched_at", "last_status", "last_error", "last_error_at", "paused_at",
            ]
        )  # fmt: skip

    def re_enable(self, now: datetime | None = None) -> None:
        """Clear the pause and the failure count; the source is due at once."""
        fields = {**_RE_ENABLED, "next_fetch_at": now or timezone.now()}
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=list(fields))

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from ecosystem.news import counters

        counters.forget(NewsItem.objects.filter(source=self))
        return super().delete(*args, **kwargs)


# The query behind a search on PostgreSQL: the visitor's words read in each
# language the items come in, so stemming applies whatever an item's language.
# The stored column news_newsitem.search_vector (migration 0003) is what it is
# matched against, through its GIN index.
TSQUERY = " || ".join(f"websearch_to_tsquery('{config}', %s)" for config in search.CONFIGS)
MATCH_SQL = f"news_newsitem.search_vector @@ ({TSQUERY})"
RANK_SQL = f"ts_rank(news_newsitem.search_vector, ({TSQUERY}))"


class NewsItemQuerySet(models.QuerySet):
    def visible(self) -> "NewsItemQuerySet":
        """What the public pages show: everything editors have not hidden."""
        return self.filter(hidden=False)

    def update(self, **kwargs: Any) -> int:
        """An update that hides, shows or moves items also updates their mentions'
        copies of `hidden` and the date, and the news counters (news/counters.py)."""
        if not {"hidden", "published_at"} & kwargs.keys():
            return super().update(**kwargs)
        from ecosystem.news import counters

        ids = list(self.values_list("pk", flat=True))
        with counters.recounting(ids):
            changed = super().update(**kwargs)
            NewsItem.objects.filter(pk__in=ids).copy_to_mentions()
        return changed

    def delete(self) -> tuple[int, dict[str, int]]:
        from ecosystem.news import counters

        counters.forget(self)
        return super().delete()

    def waiting_for_pages(self, source_id: int) -> "NewsItemQuerySet":
        """The source's items whose article page is still to be read (ingestion/fulltext.py)."""
        return self.filter(source_id=source_id, body_status=BodyStatus.PENDING)

    def copy_to_mentions(self) -> None:
        """Bring the mentions' copies of these items' `hidden` and date up to date."""
        mentions = Mention.objects.filter(news_item__in=self.values("pk"))
        item_hidden = NewsItem.objects.filter(pk=OuterRef("news_item_id")).values("hidden")
        mentions.exclude(hidden=F("news_item__hidden")).update(hidden=Subquery(item_hidden))
        mentions.refresh_dates()

    def search(self, query: "SearchQuery | str") -> "NewsItemQuerySet":
        """Items that match `query` (web-search syntax, see ecosystem/news/search.py).

        PostgreSQL: the stored search vector and its GIN index, with stemming in
        the item's language and Chinese split into words. SQLite: every word a
        case-insensitive substring of the title, summary or body.
        """
        if isinstance(query, str):
            query = SearchQuery.parse(query)
        if not query:
            return self
        if connection.vendor == "postgresql":
            params = [query.tsquery_text] * len(search.CONFIGS)
            return self.filter(RawSQL(MATCH_SQL, params, output_field=models.BooleanField()))
        for word in query.text.split():
            word = word.strip('"')
            if not word or word.upper() == "OR" or word.startswith("-"):
                continue
            # iregex runs Python's re on SQLite, which folds case beyond ASCII (Ü, ü).
            pattern = re.escape(word)
            self = self.filter(
                Q(title__iregex=pattern) | Q(summary__iregex=pattern) | Q(body__iregex=pattern)
            )
        return self

    def ranked(self, query: SearchQuery) -> "NewsItemQuerySet":
        """The newest RANKED_CANDIDATES matches, most relevant first, then newest.

        Ranking every match of a common word would read them all; a person reads
        the first pages. The candidates are taken in one query (its raw SQL must
        be in the outer query, where the table is not aliased), ranked in another.
        Without a full-text index (SQLite) the order stays newest first.
        """
        newest = self.order_by("-published_at", "-pk")
        if connection.vendor != "postgresql" or not query:
            return newest
        ids = list(newest.values_list("pk", flat=True)[: search.RANKED_CANDIDATES])
        if not ids:
            return self.none()  # nothing matches: counting and listing need no query
        params = [query.tsquery_text] * len(search.CONFIGS)
        rank = RawSQL(RANK_SQL, params, output_field=models.FloatField())
        # One array parameter: a thousand ids as an IN list cost more to send than to rank.
        among = RawSQL("news_newsitem.id = ANY(%s)", [ids], output_field=models.BooleanField())
        # Recency breaks ties, so equal ranks read newest first.
        return self.filter(among).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")

    def stories(self) -> "NewsItemQuerySet":
        """One row per story: the items no other item points to as their story,
        with how many sources covered it.

        The count is a subquery, so the database computes it only for the rows
        a page shows, not for every item before the LIMIT.
        """
        # What the story's page lists: its visible items, each source once, the
        # first item's own source not counted again when a later item shares it.
        coverage = (
            NewsItem.objects.visible()
            .filter(story=OuterRef("pk"))
            .exclude(source=OuterRef("source"))
            .order_by()
            .values("story")
            .annotate(sources=Count("source", distinct=True))
            .values("sources")
        )
        return self.filter(story__isnull=True).annotate(
            source_count=Coalesce(Subquery(coverage), 0) + 1
        )

    def story_candidates(
        self,
        brands: Iterable[int],
        earliest: datetime,
        latest: datetime,
    ) -> "NewsItemQuerySet":
        """Items published between `earliest` and `latest` that name one of `brands`,
        oldest first: those a new item may join as one story (matching/stories.py).

        The mentions' (brand, published_at) index finds them, so the window, not
        the size of the table, bounds the work.
        """
        mentions = Mention.objects.filter(
            brand__in=list(brands), published_at__range=(earliest, latest)
        ).values("news_item")
        return self.filter(pk__in=mentions).order_by("published_at", "pk")

    def naming_any(self, brands: "models.QuerySet[Any, Any]") -> "NewsItemQuerySet":
        """Items that name one of `brands` (no duplicates, so no DISTINCT needed)."""
        return self.filter(
            Exists(Mention.objects.filter(news_item=OuterRef("pk"), brand__in=brands))
        )

    def for_category(self, category: CategoryRef) -> "NewsItemQuerySet":
        """Items in `category` or in any category below it.

        `category` is a ProductCategory, its pk or a subquery giving the pk.
        No duplicates, so no DISTINCT needed.
        """
        through = NewsItem.categories.through
        family = ProductCategory.objects.family(category)
        return self.filter(
            Exists(through.objects.filter(newsitem=OuterRef("pk"), productcategory__in=family))
        )

    def for_brand(
        self, brand: "Brand | int | models.QuerySet[Any, Any]", *, roll_up: bool = False
    ) -> "NewsItemQuerySet":
        """Items that name `brand`, newest first; rolled up, also those naming the
        brands tied to it (its sub-brands, subsidiaries and investments).

        `brand` is a Brand, its pk or a subquery giving the pk. The ordering is
        the one keyset paging follows (pages.paging reads it from the queryset).
        """
        if isinstance(brand, Brand):
            brand = brand.pk
        if roll_up:
            return self.naming_any(Brand.objects.with_tied(brand)).order_by("-published_at", "-pk")
        # Ordering by the mention's copy of the date and id lets the database walk
        # the (brand, published_at, news_item) index instead of sorting every item.
        # The aliases name the brand's own mention (the join the filter made), so
        # that paging on them (news/cursors.py) adds no second join of mentions,
        # which would also repeat items that name two brands.
        return (
            self.filter(mentions__brand=brand, mentions__hidden=False)
            .alias(mention_date=F("mentions__published_at"), mention_item=F("mentions__news_item"))
            .order_by("-mention_date", "-mention_item")
        )


class BodyOrigin(models.TextChoices):
    FEED = "feed", _("the feed")
    ARTICLE = "article", _("the article page")


class BodyStatus(models.TextChoices):
    """Where fetching an item's article page stands ("" when it is not wanted)."""

    PENDING = "pending", _("waiting")
    DONE = "done", _("fetched")
    SKIPPED = "skipped", _("not fetched")
    FAILED = "failed", _("failed")


# The longest body kept, in characters: enough for any news article.
MAX_BODY = 50_000
# The most of a body a page shows.
EXCERPT_CHARS = 500


class NewsItem(models.Model):
    # No index of its own: newsitem_unique_per_source (source, guid) serves it.
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="items",
        db_index=False,
    )
    # The feed's own id for the item; the pipeline derives one from the link or a
    # content hash when the feed gives none, and hashes ids too long to index.
    guid = models.CharField(
        _("GUID"), max_length=500, help_text=_("The feed's own identifier for the item.")
    )
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    # The link without tracking parameters, fragment or case differences: the same
    # article reached through two feeds or two campaigns is stored once.
    canonical_url = models.CharField(
        _("canonical URL"),
        max_length=2000,
        blank=True,
        help_text=_("The link without tracking parameters, to recognise the same article."),
    )
    title = models.CharField(_("title"), max_length=1000)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Sanitised HTML."))
    language = models.CharField(_("language"), max_length=10, blank=True)
    # The Chinese in the title and the summary split into words, for the search
    # index (ecosystem/news/search.py); empty when there is no Chinese.
    title_words = models.TextField(_("title in words"), blank=True, editable=False)
    summary_words = models.TextField(_("summary in words"), blank=True, editable=False)
    # The item's text beyond its summary, plain and bounded: the feed's full content,
    # or the main text of the article page for feeds that carry only teasers. Matched
    # strictly (a brand named only here needs more than a passing mention), searched
    # with the lowest weight, and shown only as a short excerpt: it is the publisher's.
    # Database defaults too: writers that COPY rows without these columns stay correct.
    body = models.TextField(
        _("body"),
        blank=True,
        db_default="",
        default="",
        help_text=_("Plain text, never shown whole."),
    )
    body_words = models.TextField(
        _("body in words"), blank=True, db_default="", default="", editable=False
    )
    body_origin = models.CharField(
        _("body from"),
        max_length=10,
        choices=BodyOrigin.choices,
        blank=True,
        db_default="",
        default="",
    )
    body_status = models.CharField(
        _("full text"),
        max_length=10,
        choices=BodyStatus.choices,
        blank=True,
        db_default="",
        default="",
    )
    body_error = models.CharField(
        _("full-text error"), max_length=300, blank=True, db_default="", default=""
    )
    published_at = models.DateTimeField(_("publication date"))
    # Items of different sources that report the same story point to its first item.
    # Indexed by newsitem_story_idx, which leaves out the items of no story.
    story = models.ForeignKey(
        "self",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coverage",
        db_index=False,
        help_text=_("The first item, from another source, that reported the same story."),
    )
    # Hidden by an editor: kept, but shown on no public page.
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Kept here, but shown on no public page.")
    )
    fetched_at = models.DateTimeField(_("fetched"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    brands = models.ManyToManyField(
        Brand, verbose_name=_("brands"), through="Mention", related_name="news_items"
    )
    categories = models.ManyToManyField(
        ProductCategory, verbose_name=_("categories"), related_name="news_items", blank=True
    )

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="newsitem_unique_per_source"),
        ]
        indexes = [
            # "All news, newest first" (/news/ and the home page).
            models.Index(F("published_at").desc(), F("id").desc(), name="newsitem_newest_idx"),
            # Full text's "which items of this source wait for their page?" (waiting_for_pages).
            models.Index(
                fields=["source"], condition=Q(body_status="pending"), name="newsitem_pending_idx"
            ),
            # Ingestion's "is this article already stored?" across sources.
            models.Index(
                fields=["canonical_url"],
                condition=~Q(canonical_url=""),
                name="newsitem_canonical_idx",
            ),
            # A story's other items (NewsItem.story_items, the stories' coverage count,
            # the follow mails' stories) and SET NULL when an item is deleted: all ask
            # for a given story. Most items belong to none; leaving them out spares
            # every stored item an index entry no query reads.
            models.Index(
                fields=["story"], condition=Q(story__isnull=False), name="newsitem_story_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        from ecosystem.news import counters

        self.segment_for_search()
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            counters.added([self.pk])
            return
        stored = NewsItem.objects.filter(pk=self.pk).values("hidden", "published_at").first()
        if stored == {"hidden": self.hidden, "published_at": self.published_at}:
            super().save(*args, **kwargs)
            return
        # Hidden, shown or moved to another day: the counters and the mentions' copies follow.
        with counters.recounting([self.pk]):
            super().save(*args, **kwargs)
            NewsItem.objects.filter(pk=self.pk).copy_to_mentions()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from ecosystem.news import counters

        counters.forget([self.pk])
        return super().delete(*args, **kwargs)

    @property
    def story_anchor_id(self) -> int:
        """The id every item of this item's story shares: its first item's."""
        return self.story_id or self.pk

    def story_items(self) -> NewsItemQuerySet:
        """The items of this item's story, the first first (the story FK's index finds them)."""
        anchor = self.story_anchor_id
        return NewsItem.objects.filter(Q(pk=anchor) | Q(story=anchor)).order_by(
            "published_at", "pk"
        )

    @property
    def body_excerpt(self) -> str:
        """The body's beginning, about EXCERPT_CHARS long, ending at a word: all that is
        shown of it (the body is the publisher's; the page links to the whole)."""
        text = self.body
        if len(text) <= EXCERPT_CHARS:
            return text
        cut = text[:EXCERPT_CHARS]
        space = cut.rfind(" ")
        if space > EXCERPT_CHARS * 2 // 3:  # Chinese has no spaces: cut where it is
            cut = cut[:space]
        return cut.rstrip(" ,;:-–") + "…"

    def segment_for_search(self) -> None:
        """Fill title_words and summary_words from the text; the bulk writers
        (the feed store, generate_demo_news) call this for each item they write."""
        self.title_words = search.segment(self.title)
        self.summary_words = search.segment(self.summary, html=True)
        self.body_words = search.segment(self.body)


class MentionQuerySet(models.QuerySet):
    def refresh_dates(self) -> int:
        """Copy each item's published_at to those of these mentions whose copy differs.

        Matching writes the date into the mentions it creates; a mention it keeps
        (an editor's) needs this whenever the feed moves the item's date. Returns
        how many mentions changed.
        """
        item_date = NewsItem.objects.filter(pk=OuterRef("news_item_id")).values("published_at")
        return self.exclude(published_at=F("news_item__published_at")).update(
            published_at=Subquery(item_date)
        )

    def update(self, **kwargs: Any) -> int:
        from ecosystem.news import counters

        with counters.recounting(self._item_ids()):
            return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        from ecosystem.news import counters

        with counters.recounting(self._item_ids()):
            return super().delete()

    def _item_ids(self) -> list[int]:
        from ecosystem.news import counters

        if counters.active():
            return []  # the enclosing recounting covers these items
        return list(self.order_by().values_list("news_item_id", flat=True).distinct())


class Mention(models.Model):
    """A news item names a brand: which alias matched, and where."""

    class Field(models.TextChoices):
        TITLE = "title", _("title")
        SUMMARY = "summary", _("summary")
        CONTENT = "content", _("full content")
        EDITOR = "editor", _("attached by an editor")

    # Neither needs an index of its own, which every stored item would pay for:
    # mention_unique_per_item (news_item, brand) and mention_brand_newest_idx
    # (brand, published_at, news_item) lead with them.
    news_item = models.ForeignKey(
        NewsItem,
        verbose_name=_("news item"),
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("brand"),
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    alias = models.CharField(
        _("alias found"),
        max_length=100,
        blank=True,
        help_text=_("The name found in the item; empty for a brand an editor attached."),
    )
    matched_in = models.CharField(_("found in"), max_length=10, choices=Field.choices)
    # A copy of the item's published_at, so "newest news of brand X" is one
    # index range scan on (brand, published_at) instead of a join and a sort.
    # Copied on create; MentionQuerySet.refresh_dates keeps it in step afterwards.
    published_at = models.DateTimeField(
        _("publication date"), help_text=_("A copy of the news item's date.")
    )
    # A copy of the item's `hidden`, so that counting and listing a brand's visible
    # news reads the mentions alone. Copied on create; NewsItem.save and
    # NewsItemQuerySet.update keep it in step when an item is hidden or shown.
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("A copy of the news item's “hidden”.")
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["news_item", "brand"], name="mention_unique_per_item"),
        ]
        indexes = [
            # "Newest news of brand X" (brand pages, brand feeds, /api/news/?brand=);
            # with `hidden` in it, whether a mention counts is read from the index.
            models.Index(
                F("brand"),
                F("published_at").desc(),
                F("news_item").desc(),
                F("hidden"),
                name="mention_brand_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} in {self.news_item}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from ecosystem.news import counters

        if self.published_at is None:
            self.published_at = self.news_item.published_at
        if self._state.adding:
            self.hidden = self.news_item.hidden
            super().save(*args, **kwargs)
            counters.mention_added(self)
            return
        with counters.recounting([self.news_item_id]):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from ecosystem.news import counters

        with counters.recounting([self.news_item_id]):
            return super().delete(*args, **kwargs)


class Detachment(models.Model):
    """An editor's decision that an item does not mean a brand, whatever matching says."""

    news_item = models.ForeignKey(
        NewsItem,
        verbose_name=_("news item"),
        on_delete=models.CASCADE,
        related_name="detachments",
    )
    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("detached"), auto_now_add=True)

    class Meta:
        verbose_name = _("detachment")
        verbose_name_plural = _("detachments")
        constraints = [
            models.UniqueConstraint(
                fields=["news_item", "brand"], name="detachment_unique_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} detached from {self.news_item}"


class DailyMentions(models.Model):
    """How many visible items named a brand on one day (UTC), kept up to date by
    every write (ecosystem/news/counters.py): the volume charts, share of voice
    and trends add up these rows instead of counting a year of mentions."""

    # No index of its own: dailymentions_unique_per_day (brand, day) leads with it.
    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField(_("day"))
    mentions = models.IntegerField(_("mentions"), default=0)

    class Meta:
        verbose_name = _("mentions of a day")
        verbose_name_plural = _("mentions by day")
        constraints = [
            models.UniqueConstraint(fields=["brand", "day"], name="dailymentions_unique_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.brand_id} on {self.day}: {self.mentions}"


class NewsCount(models.Model):
    """How many visible items there are: in all, naming a brand, or in a category
    and the categories below it. Kept up to date by every write
    (ecosystem/news/counters.py), so the API's exact counts are one row."""

    class Scope(models.TextChoices):
        ALL = "all", _("all news")
        BRAND = "brand", _("brand")
        CATEGORY = "category", _("category")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    # The brand's or the category's id; 0 for all news. Not a foreign key: the row
    # of a deleted brand or category is never read again.
    ref = models.PositiveIntegerField(_("brand or category"), default=0)
    items = models.IntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("news count")
        verbose_name_plural = _("news counts")
        constraints = [
            models.UniqueConstraint(fields=["scope", "ref"], name="newscount_unique_per_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.ref}: {self.items}"


class HostSlot(models.Model):
    """When a host of article pages may be asked for a page again.

    One page at a time per host and a pause between two: a worker takes the
    slot with a conditional UPDATE (free_at in the past → free_at in the
    future, for as long as a fetch may last), and gives it back with free_at
    set to the end of the pause. The database is the one place every worker
    shares on every set-up (the file cache of the embedded defaults has no
    atomic "add").
    """

    host = models.CharField(_("host"), max_length=300, primary_key=True)
    free_at = models.DateTimeField(_("free at"))

    class Meta:
        verbose_name = _("article host")
        verbose_name_plural = _("article hosts")

    def __str__(self) -> str:
        return self.host
