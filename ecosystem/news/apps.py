from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "ecosystem.news"
    verbose_name = "News"

    def ready(self):
        from ecosystem.news import signals  # noqa: F401 -- connects the receivers
