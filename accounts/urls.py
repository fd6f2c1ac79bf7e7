from django.urls import path

from . import token_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/api-token/", token_views.api_token, name="api_token"),
    # The two sign-in pages, in front of allauth's and the admin's own routes (same
    # paths, included later in config/urls.py): both answer a locked account with 429.
    path("accounts/login/", views.sign_in),
    path("admin/login/", views.admin_sign_in),
    # allauth's reset page, answering an unreachable mail server with the form and a 503.
    path("accounts/password/reset/", views.password_reset),
]
