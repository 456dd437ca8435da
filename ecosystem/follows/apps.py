from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "ecosystem.follows"
    verbose_name = _("Follows")

    def ready(self) -> None:
        from ecosystem.follows import jobs, roles  # noqa: F401 -- registers jobs and receivers, grants roles
