from django.contrib import admin
from django.urls import include, path

from ecosystem.brands import views as brand_views
from ecosystem.health import healthz

urlpatterns = [
    path("", brand_views.home, name="home"),
    path("brands/", include("ecosystem.brands.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
