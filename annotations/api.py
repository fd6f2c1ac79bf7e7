"""The API for articles and passages: parse, call the same services and selectors as the
HTML views, serialise. No rules live here."""

import django_filters
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.filters import StrictFilterSet
from core.api.output import Links

from . import api_output, importers, selectors, services
from .forms import import_error_message
from .models import Article, Highlight, Language
from .serializers import (
    ArticleImportInput,
    ArticleListOutput,
    ArticleOutput,
    ArticleReviseInput,
    HighlightInput,
    HighlightOutput,
)

ARTICLE_ORDERINGS = {"newest": ("-created", "-pk"), "oldest": ("created", "pk")}


class ArticleFilter(StrictFilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words in the title or text (Traditional and Simplified Chinese alike).",
    )
    language = django_filters.ChoiceFilter(choices=Language.choices)
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ARTICLE_ORDERINGS],
        method="filter_nothing",
        help_text="newest (the default) or oldest first.",
    )

    class Meta:
        model = Article
        fields = ["search", "language", "ordering"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_nothing(self, queryset, name, value):
        # Applied by the cursor pagination, which must know the ordering to build cursors.
        return queryset


class ArticleListApi(generics.GenericAPIView):
    filterset_class = ArticleFilter
    serializer_class = ArticleListOutput

    def get_queryset(self):
        return selectors.article_list()

    def cursor_ordering(self, request):
        return ARTICLE_ORDERINGS.get(request.query_params.get("ordering"), ("-created", "-pk"))

    @extend_schema(
        summary="List and search articles",
        parameters=[
            OpenApiParameter(
                "search",
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": ArticleFilter.base_filters["search"].extra["max_length"],
                },
                description=ArticleFilter.base_filters["search"].extra["help_text"],
            )
        ],
        responses=ArticleListOutput(many=True),
    )
    def get(self, request):
        rows = api_output.article_rows(self.filter_queryset(self.get_queryset()))
        links = Links(request)
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(
            [api_output.article_list_item(row, links) for row in page]
        )

    @extend_schema(
        summary="Import an article",
        description="Plain `text`, an `html` page whose main text is extracted, or a `url` "
        "the server fetches (public addresses only, rate-limited per member) and extracts the "
        "same way, filling title and metadata from the page. A text or source URL already "
        "here is refused with 409.",
        request=ArticleImportInput,
        responses={201: ArticleOutput},
    )
    def post(self, request):
        data = ArticleImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        html = fields.pop("html", None)
        url = fields.pop("url", None)
        if url is not None:
            fetched = services.fetch_page(user=request.user, url=url)
            try:
                document = importers.parse(fetched.text, format=fetched.format)
            except importers.ImportFailed as exc:
                raise ValidationError(
                    {"url": ValidationError(import_error_message(exc), code=exc.code)}
                ) from None
            fields["text"] = document.text
            fields["blocks"] = document.blocks
            fields["title"] = fields.get("title") or document.title or fetched.url
            fields["source_url"] = fields.get("source_url") or document.source_url or fetched.url
            for name in ("language", "published", "author", "publisher"):
                fields[name] = fields.get(name) or getattr(document, name)
        elif html is not None:
            try:
                document = importers.parse(html, format="html")
            except importers.ImportFailed as exc:
                raise ValidationError(
                    {"html": ValidationError(import_error_message(exc), code=exc.code)}
                ) from None
            fields["text"] = document.text
            fields["blocks"] = document.blocks
        article = services.article_import(user=request.user, **fields)
        return Response(_article_data(request, article), status=status.HTTP_201_CREATED)


def _article_data(request, article: Article) -> api_output.ArticleData:
    counts = selectors.passage_counts(article, request.user)
    return api_output.article_item(article, counts, Links(request))


class ArticleDetailApi(generics.GenericAPIView):
    serializer_class = ArticleOutput
    queryset = Article.objects.select_related("imported_by")

    @extend_schema(summary="An article with its text")
    def get(self, request, pk):
        return Response(_article_data(request, self.get_object()))

    @extend_schema(
        summary="Revise an article's text or title",
        description="Its importer and staff only. Every passage is re-anchored against the "
        "new text; passages whose words are gone become `orphaned`.",
        request=ArticleReviseInput,
        responses=ArticleOutput,
    )
    def patch(self, request, pk):
        article = self.get_object()
        data = ArticleReviseInput(data=request.data)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        article = services.article_revise(
            user=request.user,
            article=article,
            text=changes.get("text", article.text),
            title=changes.get("title"),
        )
        return Response(_article_data(request, article))


class HighlightFilter(StrictFilterSet):
    state = django_filters.ChoiceFilter(choices=Highlight.State.choices)

    class Meta:
        model = Highlight
        fields = ["state"]


class ArticleHighlightsApi(generics.GenericAPIView):
    serializer_class = HighlightOutput
    filterset_class = HighlightFilter

    def cursor_ordering(self, request):
        return ("start", "pk")

    def article(self) -> Article:
        return get_object_or_404(Article, pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Highlight.objects.none()
        return selectors.article_highlights(article=self.article(), user=self.request.user)

    @extend_schema(summary="An article's passages", responses=HighlightOutput(many=True))
    def get(self, request, pk):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        links = Links(request)
        return self.get_paginated_response(
            [api_output.highlight_item(highlight, links) for highlight in page]
        )

    @extend_schema(
        summary="Mark a passage",
        description="`start` and `end` are code-point offsets into the article's current "
        "text and `exact` must be the words between them; the context is taken from the text.",
        request=HighlightInput,
        responses={201: HighlightOutput},
    )
    def post(self, request, pk):
        article = self.article()
        data = HighlightInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        highlight = services.highlight_create(
            user=request.user,
            article=article,
            start=fields["start"],
            end=fields["end"],
            exact=fields["exact"],
        )
        return Response(
            api_output.highlight_item(highlight, Links(request)), status=status.HTTP_201_CREATED
        )


class HighlightDetailApi(generics.GenericAPIView):
    serializer_class = HighlightOutput

    def get_queryset(self):
        return Highlight.objects.visible_to(self.request.user).select_related("author")

    @extend_schema(summary="A passage")
    def get(self, request, pk):
        return Response(api_output.highlight_item(self.get_object(), Links(request)))

    @extend_schema(
        summary="Delete one's own unanswered passage", responses={204: None}, request=None
    )
    def delete(self, request, pk):
        services.highlight_delete(user=request.user, highlight=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
