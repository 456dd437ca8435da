"""Curating the news: feeds and their health, which brands an item names, what is shown.

- Sources: a feed-health summary above the list, "fetch now" and "re-enable"
  actions, OPML import and export (ecosystem/news/opml.py), and on each source's
  page a preview of the entries its next fetch would store (nothing is written);
  the form's "Preview" button shows the same for what is typed, before saving
  (a web page's feed, or the articles a page and its CSS selector give).
- News items: the brands an item names are an inline of its mentions. Deleting
  a row detaches the brand (a Detachment, which every later re-match respects);
  adding a row attaches a brand by hand (a mention "attached by an editor",
  which re-matching keeps). Items can be hidden from the public pages.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ecosystem.core import outbox, page_cache
from ecosystem.news import jobs
from ecosystem.news.ingestion import opml
from ecosystem.news.ingestion.clean import plain_text
from ecosystem.news.ingestion.preview import Preview, preview
from ecosystem.news.matching.attach import attach
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import (
    Detachment,
    Mention,
    NewsItem,
    NewsItemQuerySet,
    Source,
    SourceQuerySet,
)

# How many failing or paused sources the feed-health summary names.
HEALTH_LIST_LIMIT = 10


def feed_health() -> dict[str, Any]:
    """The numbers above the source list: how many feeds fail or are paused, and since when.

    A paused source knows when it was paused. A failing one knows how many times
    in a row it failed and when it failed last, which is what the list shows.
    """
    counts = Source.objects.aggregate(
        total=Count("pk"), active_count=Count("pk", filter=Q(active=True))
    )
    failing = Source.objects.failing().order_by("-consecutive_failures", "last_error_at")
    paused = Source.objects.paused().order_by("paused_at")
    return {
        **counts,
        "failing": failing.count(),
        **paused.aggregate(paused=Count("pk"), paused_since=Min("paused_at")),
        "failing_sources": failing[:HEALTH_LIST_LIMIT],
        "paused_sources": paused[:HEALTH_LIST_LIMIT],
    }


class PausedFilter(admin.SimpleListFilter):
    title = _("paused")
    parameter_name = "paused"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", gettext("paused")), ("no", gettext("not paused"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        assert isinstance(queryset, SourceQuerySet)  # the source list's own queryset
        if self.value() == "yes":
            return queryset.paused()
        if self.value() == "no":
            return queryset.filter(paused_at__isnull=True)
        return queryset


class OpmlImportForm(forms.Form):
    file = forms.FileField(
        label=_("OPML file"),
        help_text=_(
            "Feeds whose URL is a source already are left as they are. "
            "A file with any problem imports nothing."
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > opml.MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)d MB.")
                % {"size": opml.MAX_BYTES // (1024 * 1024)}
            )
        return upload


def import_message(report: opml.ImportReport) -> str:
    """What the editor reads after an OPML import: how many sources were added, how many known."""
    added = ngettext("%(count)d source added", "%(count)d sources added", len(report.created)) % {
        "count": len(report.created)
    }
    existing = ngettext(
        "%(count)d already there", "%(count)d already there", len(report.existing)
    ) % {"count": len(report.existing)}
    return gettext("OPML imported: %(added)s, %(existing)s.") % {
        "added": added,
        "existing": existing,
    }


# The name of the submit button that previews the source as typed, without saving.
PREVIEW = "_preview"


class SourceForm(forms.ModelForm):
    """The source form; a page that a source found its feed on is that source already."""

    class Meta:
        model = Source
        # The admin's fieldsets choose the fields; this one is checked here.
        fields = ["url"]
        formfield_callback = staticmethod(
            lambda field, **kwargs: field.formfield(assume_scheme="https", **kwargs)
        )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        found_on = Source.objects.filter(page_url=url).exclude(pk=self.instance.pk).first()
        if found_on is not None:
            raise forms.ValidationError(
                gettext("The source “%(name)s” found its feed on this page already.")
                % {"name": found_on.name}
            )
        return url


class PreviewedSourceForm(SourceForm):
    """The form on "Preview": validated as for saving, never saved; when it is valid,
    what the next fetch of the source as typed would store is kept on it for the page."""

    preview: Preview | None = None

    def is_valid(self) -> bool:
        if super().is_valid():
            data = self.cleaned_data
            self.preview = preview(
                data["url"], kind=data["kind"], selector=data.get("link_selector", "")
            )
        return False


FETCH_STATE = [
    "last_fetched_at",
    "last_status",
    "last_error",
    "last_error_at",
    "consecutive_failures",
    "paused_at",
    "next_fetch_at",
    "fetch_interval",
    "leased_until",
    "etag",
    "last_modified",
]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = [
        "name",
        "kind",
        "language",
        "active",
        "official_for",
        "last_fetched_at",
        "last_status",
        "failures",
        "paused_at",
        "error",
        "full_text",
    ]
    list_filter = [
        "active",
        "kind",
        "last_status",
        PausedFilter,
        "language",
        ("official_for", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["official_for"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["official_for"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["page_url", *FETCH_STATE]
    fieldsets = [
        (None, {"fields": ["name", "url", "page_url", "language", "active", "official_for"]}),
        (
            _("Web page"),
            {
                "fields": ["kind", "link_selector"],
                "description": _(
                    "A newsroom without a feed is a web page source: each fetch reads it for "
                    "links to articles and stores the new ones, with the title and date of the "
                    "article's own page. “Preview” shows what the next fetch would store, "
                    "without saving."
                ),
            },
        ),
        (
            _("Schedule"),
            {
                "fields": ["min_interval", "max_interval"],
                "description": _(
                    "The next fetch adapts to how often the feed publishes, "
                    "between these two bounds (e.g. 00:15:00 and 12:00:00)."
                ),
            },
        ),
        (
            _("Full text"),
            {
                "fields": ["full_text"],
                "description": _(
                    "For feeds that carry only teasers, each new item's article page can be "
                    "read (respecting robots.txt, one page at a time per site). Its text is "
                    "matched against the brands and searched; the site shows only an excerpt "
                    "with a link to the original."
                ),
            },
        ),
        (_("Fetch state"), {"fields": [*FETCH_STATE], "classes": ["collapse"]}),
    ]
    actions = ["fetch_now", "reenable"]

    def _previewing(self, request: HttpRequest) -> bool:
        return request.method == "POST" and PREVIEW in request.POST

    def get_form(
        self, request: HttpRequest, obj: Source | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        if self._previewing(request):
            kwargs["form"] = PreviewedSourceForm
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("failures in a row"), ordering="consecutive_failures")
    def failures(self, obj: Source) -> int:
        return obj.consecutive_failures

    @admin.display(description=_("last error"))
    def error(self, obj: Source) -> str:
        if not obj.last_error:
            return ""
        return format_html(
            '<span title="{}">{}</span>', obj.last_error, Truncator(obj.last_error).chars(80)
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "health": feed_health(),
            "can_import_opml": self.has_add_permission(request),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Fetch now"), permissions=["change"])
    def fetch_now(self, request: HttpRequest, queryset: SourceQuerySet) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        # Kept in the outbox: with the task queue down the fetches wait, and run once it is back.
        with transaction.atomic():
            for source_id in ids:
                outbox.enqueue(jobs.FETCH, key=f"source:{source_id}", source_id=source_id)
        self.message_user(
            request,
            ngettext(
                "Fetching %(count)d source in the background; its status shows here when done.",
                "Fetching %(count)d sources in the background; their status shows here when done.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Re-enable (clear the pause and the failure count, fetch soon)"),
        permissions=["change"],
    )
    def reenable(self, request: HttpRequest, queryset: SourceQuerySet) -> None:
        count = queryset.re_enable()
        self.message_user(
            request,
            ngettext(
                "%(count)d source re-enabled; it is fetched within a minute.",
                "%(count)d sources re-enabled; they are fetched within a minute.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "opml/import/",
                self.admin_site.admin_view(self.import_opml_view),
                name="{}_{}_import_opml".format(*info),
            ),
            path(
                "opml/export/",
                self.admin_site.admin_view(self.export_opml_view),
                name="{}_{}_export_opml".format(*info),
            ),
            path(
                "<int:source_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_opml_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OpmlImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = opml.import_opml(form.cleaned_data["file"].read())
            except opml.OpmlError as exc:
                for problem in exc.problems:
                    form.add_error("file", problem)
            else:
                self.message_user(request, import_message(report), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:news_source_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import sources from OPML"),
            "opts": self.opts,
            "form": form,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/news/source/import_opml.html", context)

    def preview_view(self, request: HttpRequest, source_id: int) -> HttpResponse:
        """The entries the next fetch would store, as `fetch_feed --dry-run` prints them.

        A GET that writes nothing: the feed is fetched and read through the pipeline,
        and the result is only shown. Editors may look as well as administrators.
        """
        source = get_object_or_404(Source, pk=source_id)
        if not self.has_view_permission(request, source):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Next fetch of %(source)s") % {"source": source.name},
            "opts": self.opts,
            "original": source,
            "preview": preview(source.url),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/news/source/preview.html", context)

    def export_opml_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        sources = Source.objects.order_by("name", "pk").only("name", "url", "language")
        response = HttpResponse(
            opml.export_opml(sources), content_type="text/x-opml; charset=utf-8"
        )
        filename = f"sources-{timezone.now():%Y-%m-%d}.opml"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class MentionForm(forms.ModelForm):
    """A brand the item names. A stored one cannot be changed, only deleted (detached)."""

    class Meta:
        model = Mention
        fields = ["brand"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["brand"].disabled = True


class MentionFormSet(BaseInlineFormSet):
    """Deleting a row detaches the brand for good; adding one attaches it by hand."""

    def save_new(self, form: forms.ModelForm, commit: bool = True) -> Mention:
        mention = form.instance
        mention.matched_in = Mention.Field.EDITOR
        mention.alias = ""
        mention = super().save_new(form, commit=commit)
        if commit:
            # Attaching overrides an earlier decision that the item does not name the brand.
            Detachment.objects.filter(news_item=self.instance, brand=mention.brand_id).delete()
        return mention

    def delete_existing(self, obj: Mention, commit: bool = True) -> None:
        if commit:
            Detachment.objects.get_or_create(news_item_id=obj.news_item_id, brand_id=obj.brand_id)
        super().delete_existing(obj, commit=commit)


class MentionInline(admin.TabularInline):
    model = Mention
    form = MentionForm
    formset = MentionFormSet
    extra = 0
    autocomplete_fields = ["brand"]
    fields = ["brand", "matched_in", "alias"]
    readonly_fields = ["matched_in", "alias"]
    verbose_name = _("brand named")
    verbose_name_plural = _(
        "brands this item names — delete a wrong one to detach it for good, "
        "add a missed one to attach it"
    )


class DetachmentInline(admin.TabularInline):
    model = Detachment
    extra = 0
    fields = ["brand", "created_at"]
    readonly_fields = ["brand", "created_at"]
    verbose_name = _("detached brand")
    verbose_name_plural = _(
        "brands detached by an editor — delete one to let matching decide again"
    )

    def has_add_permission(self, request: HttpRequest, obj: NewsItem | None = None) -> bool:
        # Detaching is done by deleting the brand's mention above.
        return False

    def has_change_permission(self, request: HttpRequest, obj: NewsItem | None = None) -> bool:
        return False


FEED_FIELDS = [
    "title",
    "source",
    "url",
    "published_at",
    "language",
    "summary_html",
    "category_names",
    "story",
    "guid",
    "fetched_at",
    "updated_at",
    "body_origin",
    "body_status",
    "body_error",
    "body",
]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "brand_names", "hidden"]
    list_filter = ["hidden", "brands", "categories", "source", "published_at", "body_status"]
    list_select_related = ["source"]
    search_fields = ["title", "url", "source__name"]
    date_hierarchy = "published_at"
    # What the feed said is the feed's: the next fetch would overwrite an edit.
    readonly_fields = FEED_FIELDS
    fields = [*FEED_FIELDS, "hidden"]
    inlines = [MentionInline, DetachmentInline]
    actions = ["hide", "unhide"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[NewsItem]:
        # Bodies run to 50,000 characters: read for the one item a change page shows.
        return super().get_queryset(request).prefetch_related("brands").defer("body", "body_words")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Items come from feeds.
        return False

    @admin.display(description=_("brands"))
    def brand_names(self, obj: NewsItem) -> str:
        return ", ".join(brand.name for brand in obj.brands.all())

    @admin.display(description=_("summary"))
    def summary_html(self, obj: NewsItem) -> SafeString:
        # Sanitised by nh3 when the feed was stored (ecosystem/news/ingestion/clean.py).
        return mark_safe(obj.summary)

    @admin.display(description=_("categories"))
    def category_names(self, obj: NewsItem) -> str:
        return ", ".join(category.name for category in obj.categories.all())

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is Detachment and formset.deleted_objects:
            # A brand no longer detached: match the item again straight away.
            item = form.instance
            attach(
                [item],
                [plain_text(item.summary)],
                Matcher.from_database(),
                Categoriser.from_database(),
                replace=True,
                contents=[item.body],
            )

    @admin.action(description=_("Hide from the public pages"), permissions=["change"])
    def hide(self, request: HttpRequest, queryset: NewsItemQuerySet) -> None:
        count = queryset.update(hidden=True)
        page_cache.catalogue_changed()  # an UPDATE sends no signal
        self.message_user(
            request,
            ngettext(
                "%(count)d item hidden: it stays here but is shown on no public page.",
                "%(count)d items hidden: they stay here but are shown on no public page.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show on the public pages again"), permissions=["change"])
    def unhide(self, request: HttpRequest, queryset: NewsItemQuerySet) -> None:
        count = queryset.update(hidden=False)
        page_cache.catalogue_changed()
        self.message_user(
            request,
            ngettext("%(count)d item shown again.", "%(count)d items shown again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
