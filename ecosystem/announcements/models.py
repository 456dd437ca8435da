"""Announcements written by editors for one or more brands."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ecosystem.brands.models import Brand, ProductCategory


class AnnouncementQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: published, and not dated in the future."""
        now = now or timezone.now()
        return self.filter(state=Announcement.State.PUBLISHED, publish_at__lte=now)


class Announcement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "draft"
        SCHEDULED = "scheduled", "scheduled"
        PUBLISHED = "published", "published"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown.")
    brands = models.ManyToManyField(Brand, related_name="announcements")
    categories = models.ManyToManyField(ProductCategory, related_name="announcements", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True)
    pinned = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Set when the announcement came from a brand's official feed rather than an editor.
    news_item = models.OneToOneField(
        "news.NewsItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcement",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-publish_at"]
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

    def __str__(self):
        return self.title
