from django.contrib import admin
from django.urls import include, path

from ecosystem.api import api
from ecosystem.brands import views as brand_views
from ecosystem.health import healthz

urlpatterns = [
    path("", brand_views.home, name="home"),
    path("brands/", include("ecosystem.brands.urls")),
    path("categories/", include("ecosystem.brands.category_urls")),
    path("news/", include("ecosystem.news.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
