from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ecosystem.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from ecosystem.core import invalidation, roles, timeouts

        # The other apps tell core which of their models the cached pages show
        # (invalidation.watch, from their own ready()); core listens for all of them here.
        post_save.connect(invalidation.row_changed, dispatch_uid="core.row_saved")
        post_delete.connect(invalidation.row_changed, dispatch_uid="core.row_deleted")
        m2m_changed.connect(invalidation.relation_changed, dispatch_uid="core.relation_changed")
        # After every migrate (and every flush of the test database): the roles' permissions.
        post_migrate.connect(roles.sync_after_migrate, sender=self, dispatch_uid="core.roles")
        connection_created.connect(timeouts.limit_statements, dispatch_uid="core.timeouts")
