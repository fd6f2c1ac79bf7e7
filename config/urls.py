from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("annotations.urls")),
    path("", include("debates.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
