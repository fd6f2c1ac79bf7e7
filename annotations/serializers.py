"""Shapes of articles and passages in the API. Input serializers only validate types;
the services decide everything else. Output serializers never write."""

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api.fields import (
    InputSerializer,
    OutputModelSerializer,
    StrictCharField,
    StrictIntegerField,
)
from core.api.schema import NOT_BLANK, exactly_one_of

from .models import Article, Highlight, Language


def absolute(request, path: str) -> str:
    """An absolute, percent-encoded URI (W3C ids and sources must be URIs, not IRIs)."""
    return iri_to_uri(request.build_absolute_uri(path)) if request is not None else path


class MemberOutput(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(source="public_name")

    #: What a read model selects of the member (core.api.output.row_columns): the
    #: columns ``public_name`` is made of.
    row_columns = ("username", "display_name")


class ArticleListOutput(OutputModelSerializer):
    imported_by = MemberOutput(allow_null=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The reading page.")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "language",
            "source_url",
            "publisher",
            "author",
            "published",
            "revision",
            "debate_locked",
            "imported_by",
            "created",
            "updated",
            "url",
            "api_url",
        ]

    def get_url(self, article) -> str:
        return absolute(self.context.get("request"), article.get_absolute_url())

    def get_api_url(self, article) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-article", args=[article.pk]))


class PassageCounts(serializers.Serializer):
    anchored = serializers.IntegerField()
    orphaned = serializers.IntegerField()


class ArticleOutput(ArticleListOutput):
    blocks = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        read_only=True,
        help_text="[paragraph number, kind] for each paragraph of `text` that was a heading "
        "(h2, h3), a list item (li) or a block quote (blockquote) in its source; paragraphs "
        "are numbered from 0 and the text itself stays plain.",
    )
    passages = serializers.SerializerMethodField()
    highlights_url = serializers.SerializerMethodField()
    annotations_url = serializers.SerializerMethodField()
    export_url = serializers.SerializerMethodField()

    class Meta(ArticleListOutput.Meta):
        fields = [
            *ArticleListOutput.Meta.fields,
            "text",
            "blocks",
            "passages",
            "highlights_url",
            "annotations_url",
            "export_url",
        ]

    @extend_schema_field(PassageCounts)
    def get_passages(self, article) -> dict:
        counts = self.context.get("passage_counts") or {}
        return {"anchored": counts.get("anchored", 0), "orphaned": counts.get("orphaned", 0)}

    def get_highlights_url(self, article) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-article-highlights", args=[article.pk]))

    def get_annotations_url(self, article) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-article-annotations", args=[article.pk]))

    def get_export_url(self, article) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-article-export", args=[article.pk]))


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "ArticleImportInput",
            value={
                "title": "Cheaper every year",
                "text": "AI inference gets ten times cheaper every year, the report says.",
                "language": "en",
            },
            request_only=True,
        )
    ]
)
class ArticleImportInput(InputSerializer):
    title = StrictCharField(max_length=300, required=False)
    text = StrictCharField(required=False, trim_whitespace=False)
    html = StrictCharField(required=False, trim_whitespace=False)
    url = StrictCharField(required=False, max_length=2000)
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    published = serializers.DateField(required=False, allow_null=True)
    author = StrictCharField(required=False, allow_blank=True, max_length=200)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=200)

    schema_extra = {
        **exactly_one_of(["text", "title"], ["html", "title"], ["url"]),
        "properties": {
            "text": {"pattern": NOT_BLANK},
            "html": {"pattern": NOT_BLANK},
            # fetching._check_url: http(s), an ASCII host that is no IDN, no user name.
            "url": {"pattern": r"^https?://(?![^/]*[xX][nN]--)[A-Za-z0-9.-]+(/[!-~]*)?$"},
        },
    }

    def validate(self, data):
        if sum(name in data for name in ("text", "html", "url")) != 1:
            raise serializers.ValidationError(
                "Send the article as one of “text”, “html” or “url”, not several or none.",
                code="text_or_html",
            )
        if "url" not in data and not data.get("title"):
            raise serializers.ValidationError(
                {"title": "Give the article a title."}, code="required"
            )
        return data


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "ArticleReviseInput",
            value={
                "text": "AI inference gets ten times cheaper every year, the report says.\n\n"
                "A new paragraph."
            },
            request_only=True,
        )
    ]
)
class ArticleReviseInput(InputSerializer):
    title = StrictCharField(required=False, max_length=300)
    text = StrictCharField(required=False, trim_whitespace=False)

    schema_extra = {"minProperties": 1, "properties": {"text": {"pattern": NOT_BLANK}}}

    def validate(self, data):
        if not data:
            raise serializers.ValidationError(
                "Send a new “text”, a new “title” or both.", code="empty"
            )
        return data


class HighlightOutput(OutputModelSerializer):
    author = MemberOutput(read_only=True)
    article = serializers.IntegerField(source="article_id")
    url = serializers.SerializerMethodField(help_text="The passage on the reading page.")
    api_url = serializers.SerializerMethodField()
    counterarguments_url = serializers.SerializerMethodField()
    annotation = serializers.SerializerMethodField(help_text="The W3C annotation's IRI.")

    class Meta:
        model = Highlight
        fields = [
            "id",
            "article",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "state",
            "revision",
            "visibility",
            "answers",
            "author",
            "created",
            "url",
            "api_url",
            "counterarguments_url",
            "annotation",
        ]

    def get_url(self, highlight) -> str:
        return absolute(
            self.context.get("request"),
            f"/articles/{highlight.article_id}/passages/{highlight.pk}/",
        )

    def get_api_url(self, highlight) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-highlight", args=[highlight.pk]))

    def get_counterarguments_url(self, highlight) -> str:
        return absolute(
            self.context.get("request"),
            reverse("api-highlight-counterarguments", args=[highlight.pk]),
        )

    def get_annotation(self, highlight) -> str:
        return absolute(self.context.get("request"), annotation_path(highlight))


def annotation_path(highlight) -> str:
    return reverse("api-annotation-highlight", args=[highlight.article_id, highlight.pk])


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "HighlightInput",
            value={"exact": "ten times cheaper", "start": 18, "end": 35},
            request_only=True,
        )
    ]
)
class HighlightInput(InputSerializer):
    exact = StrictCharField(trim_whitespace=False, max_length=Highlight.MAX_LENGTH * 2)
    start = StrictIntegerField(min_value=0)
    end = StrictIntegerField(min_value=0)
    # Accepted for symmetry with the output; the server takes the context from the text.
    prefix = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=200
    )
    suffix = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=200
    )
