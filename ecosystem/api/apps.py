from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ecosystem.api"
    verbose_name = "JSON API"
