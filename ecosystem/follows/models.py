"""Who follows what, and the mails sent to them.

A Subscriber is one mail address; it exists only while it has a follow. A
Follow names what is followed (a brand, a category, a search, or a search
within a brand or category) and how often to hear of it. A Mail is one message
to one address: created in the same transaction that decides it is due, then
claimed and sent by a worker (see delivery.py), so that it is sent once
however many workers, beats or redelivered tasks look at it.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.core.translation import localized
from ecosystem.news.models import NewsItem, NewsItemQuerySet


class Subscriber(models.Model):
    email = models.EmailField(_("mail address"), max_length=254, unique=True)
    language = models.CharField(
        _("language"), max_length=10, help_text=_("The language the mails are written in.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    failed_mails = models.PositiveIntegerField(
        _("failed mails in a row"),
        default=0,
        help_text=_("Mails the server refused for good, one after the other."),
    )

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email

    def forget_if_unused(self) -> None:
        """Delete the address once nothing follows from it any more."""
        if not self.follows.exists():
            self.delete()


class FollowQuerySet(models.QuerySet["Follow"]):
    def active(self) -> "FollowQuerySet":
        """Confirmed and not paused: the follows that receive mail."""
        return self.filter(confirmed_at__isnull=False, paused_at__isnull=True)

    def unconfirmed_since(self, moment: datetime.datetime) -> "FollowQuerySet":
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Follow(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", _("As it happens")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="follows", verbose_name=_("subscriber")
    )
    brand = models.ForeignKey(
        Brand,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("brand"),
    )
    include_tied = models.BooleanField(
        _("with tied brands"),
        default=False,
        help_text=_("Also the news of its sub-brands, subsidiaries and investments."),
    )
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("product category"),
    )
    query = models.CharField(_("search"), max_length=200, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    trending_only = models.BooleanField(
        _("only when trending"),
        default=False,
        help_text=_("Mail only when the brand's news runs well above usual."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    # The digest period ("2026-12-01", "2026-W49") this follow was last looked
    # at for: claimed with a conditional UPDATE, so each period is handled once.
    digest_period = models.CharField(_("last digest period"), max_length=10, blank=True)
    last_sent_at = models.DateTimeField(_("last mail"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(brand__isnull=False) | Q(category__isnull=False) | ~Q(query=""),
                name="follow_names_something",
            ),
            models.CheckConstraint(
                condition=Q(brand__isnull=False) | Q(include_tied=False, trending_only=False),
                name="follow_brand_options_need_a_brand",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "brand", "category", "query", "include_tied"],
                name="follow_unique_per_subscriber",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"], name="follow_due_idx")]

    def __str__(self) -> str:
        return self.describe()

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.paused_at is None

    def describe(self) -> str:
        """What is followed, in the active language: "Roborock and its tied brands"."""
        parts = []
        if self.brand is not None:
            parts.append(
                _("%(brand)s and the brands tied to it") % {"brand": self.brand.name}
                if self.include_tied
                else self.brand.name
            )
        if self.category is not None:
            parts.append(localized(self.category, "name"))
        if self.query:
            parts.append(_("search “%(query)s”") % {"query": self.query})
        return " · ".join(str(part) for part in parts)

    def news(self) -> NewsItemQuerySet:
        """The visible items this follow is about, in no particular order."""
        items = NewsItem.objects.visible()
        if self.brand_id:
            brands = (
                Brand.objects.with_tied(self.brand_id)
                if self.include_tied
                else Brand.objects.filter(pk=self.brand_id).values("pk")
            )
            items = items.naming_any(brands)
        if self.category_id:
            items = items.for_category(self.category_id)
        if self.query:
            items = items.search(self.query)
        return items.order_by()

    def confirm(self) -> None:
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    def end(self) -> None:
        """Stop following; the address goes too when nothing else follows from it."""
        subscriber = self.subscriber
        self.delete()
        subscriber.forget_if_unused()


class MailQuerySet(models.QuerySet["Mail"]):
    def due(self, now: datetime.datetime | None = None) -> "MailQuerySet":
        """Waiting to be sent and not held by a worker that is sending it now."""
        now = now or timezone.now()
        return self.filter(state=Mail.State.PENDING, next_attempt_at__lte=now).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )

    def counted_since(self, moment: datetime.datetime) -> "MailQuerySet":
        """Mails decided since `moment`, sent or not: what the per-address limits count."""
        return self.filter(created_at__gte=moment)


class Mail(models.Model):
    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmation")
        REMINDER = "reminder", _("Already following")
        INSTANT = "instant", _("Alert")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")
        TREND = "trend", _("Trend alert")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="mails", verbose_name=_("subscriber")
    )
    follow = models.ForeignKey(
        Follow, on_delete=models.CASCADE, related_name="mails", verbose_name=_("follow")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # For trend alerts, the week it was sent for: one per follow and week.
    period = models.CharField(_("period"), max_length=10, blank=True)
    items = models.ManyToManyField(
        NewsItem, through="MailItem", related_name="+", verbose_name=_("news items")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MailQuerySet.as_manager()

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        constraints = [
            models.UniqueConstraint(
                fields=["follow", "kind", "period"],
                condition=~Q(period=""),
                name="mail_once_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="mail_due_idx"),
            models.Index(fields=["subscriber", "created_at"], name="mail_subscriber_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class MailItem(models.Model):
    """An item told of in a mail. Unique per follow: nobody hears of an item twice
    through one follow, even when two workers prepare mails at the same moment."""

    mail = models.ForeignKey(Mail, on_delete=models.CASCADE, related_name="mail_items")
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="+")
    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("item in a mail")
        verbose_name_plural = _("items in mails")
        constraints = [
            models.UniqueConstraint(
                fields=["follow", "news_item"], name="mailitem_once_per_follow"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mail} · {self.news_item_id}"
