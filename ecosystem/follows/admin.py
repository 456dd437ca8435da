"""Follows in the admin. Mail addresses are personal data: administrators see
them (with the view permission on subscribers); editors see only how many
follow what, never who."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ecosystem.follows.models import Follow, Mail, Subscriber


def sees_addresses(request: HttpRequest) -> bool:
    return request.user.has_perm("follows.view_subscriber")


class FollowInline(admin.TabularInline):
    model = Follow
    extra = 0
    fields = readonly_fields = (
        "__str__",
        "frequency",
        "trending_only",
        "confirmed_at",
        "paused_at",
        "last_sent_at",
    )
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "follow_count", "failed_mails", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "language", "failed_mails", "created_at"]
    inlines = [FollowInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subscriber]:
        return super().get_queryset(request).annotate(follow_count=Count("follows"))

    @admin.display(description=_("follows"), ordering="follow_count")
    def follow_count(self, subscriber: Any) -> int:
        return subscriber.follow_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # addresses come in through the confirmed form only


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("active", _("active")), ("unconfirmed", _("unconfirmed")), ("paused", _("paused"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Follow]) -> QuerySet[Follow]:
        if self.value() == "active":
            return queryset.filter(confirmed_at__isnull=False, paused_at__isnull=True)
        if self.value() == "unconfirmed":
            return queryset.filter(confirmed_at__isnull=True)
        if self.value() == "paused":
            return queryset.filter(paused_at__isnull=False)
        return queryset


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["__str__", "subscriber", "frequency", "state", "last_sent_at", "failures"]
    list_filter = [StateFilter, "frequency", "trending_only"]
    list_select_related = ["subscriber", "brand", "category"]
    search_fields = ["subscriber__email", "brand__name", "query"]
    fields = [
        "subscriber",
        "brand",
        "include_tied",
        "category",
        "query",
        "frequency",
        "trending_only",
        "created_at",
        "confirmed_at",
        "paused_at",
        "last_sent_at",
    ]
    readonly_fields = [
        "subscriber",
        "brand",
        "include_tied",
        "category",
        "query",
        "created_at",
        "confirmed_at",
        "last_sent_at",
    ]
    actions = ["pause", "resume"]

    @admin.display(description=_("state"))
    def state(self, follow: Follow) -> str:
        if follow.confirmed_at is None:
            return str(_("unconfirmed"))
        return str(_("paused")) if follow.paused_at else str(_("active"))

    @admin.display(description=_("failed mails in a row"))
    def failures(self, follow: Follow) -> int:
        return follow.subscriber.failed_mails

    @admin.action(description=_("Pause the selected follows"), permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[Follow]) -> None:
        count = queryset.filter(paused_at__isnull=True).update(paused_at=timezone.now())
        self.message_user(
            request, ngettext("%d follow paused.", "%d follows paused.", count) % count
        )

    @admin.action(description=_("Resume the selected follows"), permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[Follow]) -> None:
        count = queryset.filter(paused_at__isnull=False).update(paused_at=None)
        Subscriber.objects.filter(follows__in=queryset).update(failed_mails=0)
        self.message_user(
            request, ngettext("%d follow resumed.", "%d follows resumed.", count) % count
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Editors may open the list (as counts) but not a follow, which names its address.
        if obj is not None and not sees_addresses(request):
            return False
        return super().has_view_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Follow) -> None:
        obj.end()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Follow]) -> None:
        for follow in queryset.select_related("subscriber"):
            follow.end()

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if sees_addresses(request):
            return super().changelist_view(request, extra_context)
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)  # answers 403
        context = {
            **self.admin_site.each_context(request),
            "title": _("How many follow what"),
            "opts": self.model._meta,
            "rows": _counts_by_target(),
            "frequencies": Follow.Frequency.choices,
            "unconfirmed": Follow.objects.filter(confirmed_at__isnull=True).count(),
        }
        return TemplateResponse(request, "admin/follows/follow/counts.html", context)


def _counts_by_target() -> list[dict[str, Any]]:
    """Confirmed follows per thing followed, by frequency, most followed first."""
    target = ("brand__name", "include_tied", "category__name", "query")
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    counted = Follow.objects.active().values(*target, "frequency").annotate(n=Count("id"))
    for count in counted.order_by():
        key = tuple(count[field] for field in target)
        row = rows.setdefault(key, {**{f: count[f] for f in target}, "total": 0, "by": {}})
        row["by"][count["frequency"]] = count["n"]
        row["total"] += count["n"]
    for row in rows.values():
        row["columns"] = [row["by"].get(value, 0) for value in Follow.Frequency.values]
    return sorted(rows.values(), key=lambda row: (-row["total"], str(row["brand__name"] or "")))


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ["__str__", "follow", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["state", "kind"]
    list_select_related = ["follow__brand", "follow__category"]
    readonly_fields = [
        "subscriber",
        "follow",
        "kind",
        "period",
        "state",
        "created_at",
        "next_attempt_at",
        "attempts",
        "last_error",
        "sent_at",
    ]
    exclude = ["claimed_until"]
    actions = ["retry"]

    @admin.action(description=_("Send the selected failed mails again"), permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Mail]) -> None:
        from ecosystem.follows.delivery import hand_over

        failed = list(queryset.filter(state=Mail.State.FAILED))
        for mail in failed:
            Mail.objects.filter(pk=mail.pk).update(
                state=Mail.State.PENDING, next_attempt_at=timezone.now(), attempts=0
            )
            hand_over(mail)
        self.message_user(
            request,
            ngettext("%d mail queued again.", "%d mails queued again.", len(failed)) % len(failed),
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
