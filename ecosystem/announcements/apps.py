from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "ecosystem.announcements"
    verbose_name = "Announcements"
