from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views import defaults

from core.api import views as api_views


def favicon(request):
    """For what asks /favicon.ico without reading a page's <link rel=icon> (the API docs,
    a JSON answer opened in a tab, feed readers)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("annotations.urls")),
    path("", include("debates.urls")),
    path("", include("moderation.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]


# Under /api/ even an unknown path or a crash outside a view answers in the API's JSON
# error shape; everywhere else, Django's pages.
def handler404(request, exception):
    if request.path.startswith("/api/"):
        return api_views.json_404(request, exception)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return api_views.json_500(request)
    return defaults.server_error(request)
