"""Announcements written by editors for one or more brands."""

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.announcements.rendering import render_body
from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.core.translation import localized

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

# Who changed what, and when, brands and categories included. The rendered body is
# left out: it follows the body. Kept at module level for `record_history`.
_history = HistoricalRecords(
    excluded_fields=["body_html", "body_html_de", "body_html_zh_hans"],
    m2m_fields=["brands", "categories"],
)


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def published(self, now: datetime.datetime | None = None) -> "AnnouncementQuerySet":
        """What the public may see: published, and not dated in the future."""
        now = now or timezone.now()
        return self.filter(state=Announcement.State.PUBLISHED, publish_at__lte=now)

    def due(self, now: datetime.datetime | None = None) -> "AnnouncementQuerySet":
        """Scheduled announcements whose time has come (the publishing job's work)."""
        now = now or timezone.now()
        return self.filter(state=Announcement.State.SCHEDULED, publish_at__lte=now)


class Announcement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The announcement's part of its page address."),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists.")
    )
    # The body as sanitised HTML, rendered on every save; public pages show this.
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
    # The same in German and Chinese; an empty translation shows the English.
    title_de = models.CharField(_("title (German)"), max_length=300, blank=True)
    body_de = models.TextField(_("body (German)"), blank=True)
    body_html_de = models.TextField(blank=True, editable=False)
    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    body_zh_hans = models.TextField(_("body (Chinese)"), blank=True)
    body_html_zh_hans = models.TextField(blank=True, editable=False)
    brands = models.ManyToManyField(Brand, verbose_name=_("brands"), related_name="announcements")
    categories = models.ManyToManyField(
        ProductCategory, verbose_name=_("categories"), related_name="announcements", blank=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned announcements are listed first.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Set when the announcement came from a brand's official feed rather than an editor.
    news_item = models.OneToOneField(
        "news.NewsItem",
        verbose_name=_("news item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcement",
        help_text=_("Set when the announcement came from a brand's official feed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()
    history = _history
    # Read by simple_history when it writes a historical record; set by this code.
    _change_reason: str
    _history_user: "AbstractBaseUser | None"
    skip_history_when_saving: bool

    class Meta:
        ordering = ["-pinned", "-publish_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            # Scheduled and published announcements need a date; drafts may have one.
            models.CheckConstraint(
                condition=Q(state="draft") | Q(publish_at__isnull=False),
                name="announcement_dated_unless_draft",
            ),
        ]
        indexes = [
            # The publishing job's "scheduled announcements whose time has come".
            models.Index(
                fields=["publish_at"], condition=Q(state="scheduled"), name="announcement_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.state == self.State.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        from_feed = self.news_item_id is not None
        self.body_html = render_body(self.body, from_feed=from_feed)
        self.body_html_de = render_body(self.body_de, from_feed=from_feed)
        self.body_html_zh_hans = render_body(self.body_zh_hans, from_feed=from_feed)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"body", "body_de", "body_zh_hans"} & set(update_fields):
            kwargs["update_fields"] = {
                *update_fields, "body_html", "body_html_de", "body_html_zh_hans"
            }  # fmt: skip
        super().save(*args, **kwargs)

    @property
    def local_title(self) -> str:
        return localized(self, "title")

    @property
    def local_body_html(self) -> str:
        return localized(self, "body_html")

    def clean(self) -> None:
        """The state and the date must agree: drafts any, scheduled future, published not."""
        super().clean()
        now = timezone.now()
        if self.state == self.State.SCHEDULED:
            if self.publish_at is None:
                raise ValidationError(
                    {"publish_at": _("A scheduled announcement needs the date to publish it.")}
                )
            if self.publish_at <= now:
                raise ValidationError(
                    {
                        "publish_at": _(
                            "A scheduled announcement needs a date in the future; "
                            'to publish it now, choose the state "published".'
                        )
                    }
                )
        elif self.state == self.State.PUBLISHED:
            if self.publish_at is None:
                self.publish_at = now
            elif self.publish_at > now:
                raise ValidationError(
                    {
                        "publish_at": _(
                            "A published announcement cannot be dated in the future; "
                            'to publish it then, choose the state "scheduled".'
                        )
                    }
                )

    @property
    def is_public(self) -> bool:
        return (
            self.state == self.State.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


def record_history(announcement: Announcement, *, created: bool = False, reason: str = "") -> None:
    """One historical record of `announcement` as it is now, its brands and categories included.

    For code that changes an announcement in several steps (the admin saves the
    row, then its brands and categories; the publishing job updates in SQL) and
    records the result once, having saved with `skip_history_when_saving` set.
    The user is the signed-in one (simple_history's middleware) or none.
    """
    if reason:
        announcement._change_reason = reason
    _history.create_historical_record(announcement, "+" if created else "~")
