from django.urls import path

from . import views

# No namespace: "article" and "passage" are the site's reading pages, reversed by
# annotations' models too (by name, without importing this app).
urlpatterns = [
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/passages/<int:highlight_pk>/", views.passage_detail, name="passage"),
    path("articles/<int:pk>/counter/", views.passage_counter, name="passage_counter"),
    path(
        "passages/<int:pk>/counterarguments/",
        views.counterargument_create,
        name="counterargument_create",
    ),
    path("counterarguments/<int:pk>/reply/", views.reply_create, name="reply_create"),
    path(
        "counterarguments/<int:pk>/edit/", views.counterargument_edit, name="counterargument_edit"
    ),
    path(
        "counterarguments/<int:pk>/remove/",
        views.counterargument_remove,
        name="counterargument_remove",
    ),
    path("counterarguments/<int:pk>/vote/", views.vote, name="vote"),
    path("preview/", views.preview, name="markdown_preview"),
    path("notifications/", views.notification_list, name="notifications"),
    path("search/", views.search, name="search"),
    path("u/<str:username>/", views.profile, name="profile"),
]
