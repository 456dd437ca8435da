from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "ecosystem.brands"
    verbose_name = "Brands and categories"
