from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "ecosystem.announcements"
    verbose_name = "Announcements"

    def ready(self) -> None:
        from ecosystem.announcements import channels, roles, seed  # noqa: F401 -- receivers, grants
        from ecosystem.core import invalidation

        invalidation.watch(*self.get_models(include_auto_created=True))
