from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "ecosystem.news"
    verbose_name = "News"
