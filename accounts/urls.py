from django.urls import path

from . import token_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/api-token/", token_views.api_token, name="api_token"),
]
