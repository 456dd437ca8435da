from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from ecosystem.api.urls import api
from ecosystem.core.health import healthz

urlpatterns = [
    path("", include("ecosystem.pages.urls")),
    path("follow/", include("ecosystem.follows.urls")),
    path("healthz", healthz, name="healthz"),
    # Browsers and crawlers ask for it whatever the pages say.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
    # The API's root has nothing to list; its documentation does.
    path("api/", RedirectView.as_view(url="/api/docs", permanent=False)),
    path("api/", api.urls),
    # Choosing a language only sets the visitor's language cookie, so a forged
    # request can do no harm; exempting it keeps CSRF tokens out of the public
    # pages, which can then be cached whole (ecosystem/core/page_cache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
