from django.urls import path

from . import views

app_name = "annotations"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/import/", views.article_import, name="import"),
    path("articles/<int:pk>/revise/", views.article_revise, name="revise"),
]
