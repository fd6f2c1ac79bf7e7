from django.urls import path

from . import moderation_views, views

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
    path("flag/<str:kind>/<int:pk>/", moderation_views.flag, name="flag"),
    path("articles/<int:pk>/lock/", moderation_views.lock, name="debate_lock"),
    path("moderation/", moderation_views.queue, name="moderation_queue"),
    path("moderation/act/", moderation_views.act, name="moderation_act"),
    path("moderation/bulk/", moderation_views.bulk, name="moderation_bulk"),
    path("moderation/log/", moderation_views.log, name="moderation_log"),
    path(
        "moderation/members/<str:username>/unsuspend/",
        moderation_views.unsuspend,
        name="member_unsuspend",
    ),
]
