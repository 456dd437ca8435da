from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "ecosystem.announcements"
    verbose_name = _("Announcements")

    def ready(self) -> None:
        from ecosystem.announcements import (  # noqa: F401 -- receivers, jobs, grants
            channels,
            publishing,
            roles,
            seed,
        )
        from ecosystem.core import invalidation

        invalidation.watch(*self.get_models(include_auto_created=True))
