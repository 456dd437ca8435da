"""Writing announcements: Markdown with a preview, a state and a date, and a history.

The author is whoever adds the announcement. Every save is one historical
record (simple_history) with its user, brands and categories, so the History
page shows who changed what and when; editors can revert to an earlier version.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ecosystem.announcements.models import Announcement, record_history
from ecosystem.announcements.rendering import render_body

# The name of the submit button that shows the rendered body without saving.
PREVIEW = "_preview"


class PreviewOnly:
    """Mixed into the admin form on "Preview": it never counts as valid, so nothing is saved.

    The admin then shows the form again with what the editor typed, and the
    change form template shows the rendered body above it. A half-written
    announcement is not validated: its errors show when it is saved.
    """

    def full_clean(self) -> None:
        self._errors = ErrorDict()
        self.cleaned_data: dict[str, Any] = {}

    def is_valid(self) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "state", "publish_at", "pinned", "brand_names", "author"]
    list_filter = ["state", "pinned", "brands", "categories"]
    list_select_related = ["author"]
    search_fields = ["title", "slug", "body", "title_de", "title_zh_hans"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    # Plain lists with a filter box: a few dozen brands and categories fit.
    filter_horizontal = ["brands", "categories"]
    readonly_fields = ["rendered_body", "author", "news_item", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "brands", "categories", "body"]}),
        (
            _("In German and Chinese"),
            {
                "fields": ["title_de", "body_de", "title_zh_hans", "body_zh_hans"],
                "description": _(
                    "Shown to visitors who read the site in that language; left empty, "
                    "they read the English."
                ),
                "classes": ["collapse"],
            },
        ),
        (
            _("Publishing"),
            {
                "fields": ["state", "publish_at", "pinned"],
                "description": _(
                    "A draft is shown nowhere. A scheduled announcement goes public "
                    "at its date (checked every minute). A published one is public from its date; "
                    "left empty, the date is now."
                ),
            },
        ),
        (
            _("As saved"),
            {
                "fields": ["rendered_body", "author", "news_item", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    history_list_display = ["state", "publish_at"]

    class Media:
        css = {"all": ["announcements/admin.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Announcement]:
        return super().get_queryset(request).prefetch_related("brands")

    @admin.display(description=_("brands"))
    def brand_names(self, obj: Announcement) -> str:
        return ", ".join(brand.name for brand in obj.brands.all())

    @admin.display(description=_("body as shown"))
    def rendered_body(self, obj: Announcement) -> SafeString:
        # Rendered and sanitised by Announcement.save().
        return mark_safe(f'<div class="announcement-body">{obj.body_html}</div>')

    def _previewing(self, request: HttpRequest) -> bool:
        return request.method == "POST" and PREVIEW in request.POST

    def get_form(
        self,
        request: HttpRequest,
        obj: Announcement | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        if self._previewing(request):
            form = type(form.__name__, (PreviewOnly, form), {})
        return form

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if self._previewing(request):
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            from_feed = obj is not None and obj.news_item_id is not None
            extra_context = {
                **(extra_context or {}),
                "preview": True,
                "preview_html": render_body(request.POST.get("body", ""), from_feed=from_feed),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: Announcement, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            obj.author = cast(User, request.user)  # the admin serves signed-in staff only
        # One historical record per save, written once the brands and categories
        # are saved too (see _record_history), instead of one per step.
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def _record_history(self, obj: Announcement, *, created: bool) -> None:
        if getattr(obj, "skip_history_when_saving", False):
            del obj.skip_history_when_saving
            record_history(obj, created=created)

    # The admin logs a save after the many-to-many fields are saved, on the change
    # form and on the history's "Revert" form alike: the moment to record it.
    def log_addition(self, request: HttpRequest, obj: Announcement, message: Any) -> LogEntry:
        self._record_history(obj, created=True)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Announcement, message: Any) -> LogEntry:
        self._record_history(obj, created=False)
        return super().log_change(request, obj, message)
