from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandsConfig(AppConfig):
    name = "ecosystem.brands"
    verbose_name = _("Brands and categories")

    def ready(self) -> None:
        from ecosystem.brands import roles  # noqa: F401 -- grants the admin roles
        from ecosystem.core import invalidation

        # Every brand, category, alias and tie shows on some public page.
        invalidation.watch(*self.get_models(include_auto_created=True))
