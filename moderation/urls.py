from django.urls import path

from . import views

# No namespace, like the reading pages: these names predate the app and stay.
urlpatterns = [
    path("flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("articles/<int:pk>/lock/", views.lock, name="debate_lock"),
    path("moderation/", views.dashboard, name="moderation_dashboard"),
    path("moderation/queue/", views.queue, name="moderation_queue"),
    path("moderation/queue/counts/", views.queue_counts, name="moderation_queue_counts"),
    path("moderation/badge/", views.badge, name="moderation_badge"),
    path("moderation/act/", views.act, name="moderation_act"),
    path("moderation/bulk/", views.bulk, name="moderation_bulk"),
    path("moderation/log/", views.log, name="moderation_log"),
    path("moderation/log.csv", views.log_csv, name="moderation_log_csv"),
    path("appeal/<str:kind>/<int:pk>/", views.appeal, name="appeal"),
    path("moderation/appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path(
        "moderation/members/<str:username>/unsuspend/",
        views.unsuspend,
        name="member_unsuspend",
    ),
]
