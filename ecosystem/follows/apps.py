from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "ecosystem.follows"
    verbose_name = _("Follows")

    def ready(self) -> None:
        from ecosystem.follows import roles, signals  # noqa: F401 -- grants roles, connects receivers
