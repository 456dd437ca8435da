from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "ecosystem.pages"
    verbose_name = "Public pages"
