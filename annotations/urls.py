from django.urls import path

from . import views

app_name = "annotations"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/import/", views.article_import, name="import"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/revise/", views.article_revise, name="revise"),
    path("articles/<int:pk>/highlights/", views.highlight_create, name="highlight_create"),
    path("articles/<int:pk>/passages/<int:highlight_pk>/", views.passage_detail, name="passage"),
]
