from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

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
    # Choosing a language only sets the visitor's language cookie, so a forged
    # request can do no harm; exempting it keeps CSRF tokens out of the public
    # pages, which can then be cached whole (ecosystem/page_cache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
