"""/api/: the versioned API (paths here are the public contract), its OpenAPI schema and
the interactive docs (assets from drf-spectacular-sidecar, no CDN)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import api as accounts_api
from annotations import api as annotations_api
from core.api import views as api_views
from debates import api as debates_api
from debates import w3c_api
from moderation import api as moderation_api

v1 = [
    path("articles/", annotations_api.ArticleListApi.as_view()),
    path("articles/<int:pk>/", annotations_api.ArticleDetailApi.as_view(), name="api-article"),
    path(
        "articles/<int:pk>/highlights/",
        annotations_api.ArticleHighlightsApi.as_view(),
        name="api-article-highlights",
    ),
    path(
        "articles/<int:pk>/annotations/",
        w3c_api.AnnotationContainerApi.as_view(),
        name="api-article-annotations",
    ),
    path(
        "articles/<int:pk>/annotations/highlight-<int:item_pk>",
        w3c_api.AnnotationApi.as_view(),
        {"kind": "highlight"},
        name="api-annotation-highlight",
    ),
    path(
        "articles/<int:pk>/annotations/counterargument-<int:item_pk>",
        w3c_api.AnnotationApi.as_view(),
        {"kind": "counterargument"},
        name="api-annotation-counterargument",
    ),
    path(
        "articles/<int:pk>/export/",
        w3c_api.AnnotationExportApi.as_view(),
        name="api-article-export",
    ),
    path(
        "highlights/<int:pk>/", annotations_api.HighlightDetailApi.as_view(), name="api-highlight"
    ),
    path(
        "highlights/<int:pk>/counterarguments/",
        debates_api.PassageCounterargumentsApi.as_view(),
        name="api-highlight-counterarguments",
    ),
    path(
        "counterarguments/<int:pk>/",
        debates_api.CounterargumentDetailApi.as_view(),
        name="api-counterargument",
    ),
    path(
        "counterarguments/<int:pk>/replies/",
        debates_api.RepliesApi.as_view(),
        name="api-counterargument-replies",
    ),
    path("counterarguments/<int:pk>/vote/", debates_api.VoteApi.as_view()),
    path("search/", debates_api.SearchApi.as_view()),
    path("flags/", moderation_api.FlagApi.as_view()),
    path("moderation/queue/", moderation_api.ModerationQueueApi.as_view()),
    path("moderation/actions/", moderation_api.ModerationActionsApi.as_view()),
    path("moderation/log/", moderation_api.ModerationLogApi.as_view()),
    path("moderation/appeals/", moderation_api.AppealsApi.as_view()),
    path("moderation/appeals/<int:pk>/decision/", moderation_api.AppealDecisionApi.as_view()),
    path("me/", accounts_api.MeApi.as_view()),
    path("me/notifications/", debates_api.NotificationsApi.as_view(), name="api-notifications"),
    path(
        "me/notifications/read/",
        debates_api.NotificationsReadApi.as_view(),
        name="api-notifications-read",
    ),
    path("auth/token/", accounts_api.TokenApi.as_view()),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("health/", api_views.health),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ is a JSON 404, in development too (where Django would
    # otherwise answer with its HTML debug page) and without a slash-appending redirect.
    re_path(r"", api_views.json_404),
]
