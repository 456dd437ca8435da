"""Core's admin: the user accounts, so that its roles hold (an administrator manages
editors and other administrators, but cannot make anyone a superuser, give
permissions outside the roles, or change a superuser's account or password), and
the outbox of background jobs."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ecosystem.core import outbox
from ecosystem.core.models import Job

admin.site.site_header = _("Xiaomi Ecosystem Tracker")
admin.site.site_title = _("Xiaomi Ecosystem Tracker administration")
admin.site.index_title = _("Administration")

# What only a superuser may change on an account: the role system's own escape hatches.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class RoleBoundUserAdmin(UserAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return (*fields, *SUPERUSER_ONLY_FIELDS)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # covers the password form too: it asks the same question
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # The changelist's "delete selected" asks for no object's permission.
        if not request.user.is_superuser and queryset.filter(is_superuser=True).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """The outbox: what is waiting, what failed and why, and "retry" for the failed."""

    list_display = ("kind", "key", "state", "due_at", "attempts", "short_error", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("kind", "key")
    date_hierarchy = "due_at"
    actions = ("retry",)
    fields = (
        "kind", "key", "arguments", "state", "due_at", "attempts", "claimed_until",
        "handed_at", "created_at", "done_at", "last_error",
    )  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are written by the changes that need them, never by hand

    @admin.display(description=_("last error"))
    def short_error(self, obj: Job) -> str:
        last_line = obj.last_error.strip().splitlines()[-1:] or [""]
        return Truncator(last_line[0]).chars(100)

    @admin.action(description=_("Retry"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = outbox.retry(queryset)
        outbox.hand_over(queryset.filter(state=Job.State.PENDING).values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d job will be tried again.", "%(count)d jobs will be tried again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
