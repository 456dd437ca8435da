from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "ecosystem.brands"
    verbose_name = "Brands and categories"

    def ready(self):
        # Connects the receivers that invalidate cached pages (all apps' models).
        from ecosystem import page_cache_signals  # noqa: F401
