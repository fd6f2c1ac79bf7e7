"""Shapes of answers and votes in the API. Inputs validate types only
(the services own the rules); outputs never write."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from annotations.serializers import MemberOutput, absolute
from core.api.fields import (
    InputSerializer,
    OutputModelSerializer,
    StrictCharField,
    StrictIntegerField,
)

from . import notices, rules
from .models import Counterargument, Notification, SearchKind, Stance


class CounterargumentOutput(OutputModelSerializer):
    """Removed and hidden items keep their place in a thread; their words are shown only
    to their author and moderators."""

    author = MemberOutput(read_only=True)
    highlight = serializers.IntegerField(source="highlight_id")
    parent = serializers.IntegerField(  # type: ignore[assignment]  # the model's "parent"
        source="parent_id", allow_null=True
    )
    score = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField(help_text="1, -1, or 0 when you have not voted.")
    replies = serializers.SerializerMethodField(help_text="How many direct replies you can see.")
    url = serializers.SerializerMethodField(help_text="The answer on the reading page.")
    api_url = serializers.SerializerMethodField()
    replies_url = serializers.SerializerMethodField()

    class Meta:
        model = Counterargument
        fields = [
            "id",
            "highlight",
            "parent",
            "author",
            "stance",
            "body",
            "body_html",
            "sources",
            "visibility",
            "upvotes",
            "downvotes",
            "score",
            "my_vote",
            "replies",
            "created",
            "edited",
            "url",
            "api_url",
            "replies_url",
        ]

    def get_my_vote(self, ca) -> int:
        return self.context.get("votes", {}).get(ca.pk, 0)

    def get_replies(self, ca) -> int:
        return self.context.get("reply_counts", {}).get(ca.pk, 0)

    def get_url(self, ca) -> str:
        return absolute(
            self.context.get("request"),
            f"/articles/{ca.highlight.article_id}/passages/{ca.highlight_id}/#ca-{ca.pk}",
        )

    def get_api_url(self, ca) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-counterargument", args=[ca.pk]))

    def get_replies_url(self, ca) -> str:
        request = self.context.get("request")
        return absolute(request, reverse("api-counterargument-replies", args=[ca.pk]))

    def to_representation(self, ca):
        data = super().to_representation(ca)
        if not rules.api_shows_words(getattr(self.context.get("request"), "user", None), ca):
            data.update(body="", body_html="", sources=[])
        return data


def _sources_field():
    return serializers.ListField(
        child=StrictCharField(max_length=2000),
        required=False,
        max_length=20,  # the service says "at most 5" in its own words; the schema says 5
        help_text="Web addresses (http or https), at most 5.",
    )


# What the service refuses (debates/services: clean_body, clean_sources) beyond the types;
# the fields are looser so that its sentences, not DRF's, answer.
ANSWER_SCHEMA = {
    "properties": {
        "body": {"maxLength": Counterargument.MAX_BODY},
        "sources": {
            "maxItems": Counterargument.MAX_SOURCES,
            "items": {"format": "uri", "pattern": "^https?://[^\\s\\x00]+$"},
        },
    }
}


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "CounterargumentInput",
            value={
                "stance": "refutes",
                "body": "Per token, **not** per task.",
                "sources": ["https://example.org/prices"],
            },
            request_only=True,
        )
    ]
)
class CounterargumentInput(InputSerializer):
    stance = serializers.ChoiceField(choices=Stance.choices)
    body = StrictCharField(help_text="Markdown.", max_length=Counterargument.MAX_BODY * 2)
    sources = _sources_field()

    schema_extra = ANSWER_SCHEMA


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "CounterargumentEditInput",
            value={"body": "Per token, not per task: see the second table."},
            request_only=True,
        )
    ]
)
class CounterargumentEditInput(InputSerializer):
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    body = StrictCharField(required=False, max_length=Counterargument.MAX_BODY * 2)
    sources = _sources_field()

    schema_extra = {**ANSWER_SCHEMA, "minProperties": 1}

    def validate(self, data):
        if not data:
            raise serializers.ValidationError(
                "Send at least one of “stance”, “body” and “sources”.", code="empty"
            )
        return data


@extend_schema_serializer(
    examples=[OpenApiExample("VoteInput", value={"value": 1}, request_only=True)]
)
class VoteInput(InputSerializer):
    value = StrictIntegerField(min_value=-1, max_value=1, help_text="1 (up) or -1 (down).")

    schema_extra = {"properties": {"value": {"enum": [-1, 1]}}}

    def validate_value(self, value):
        if value == 0:
            raise serializers.ValidationError(
                "A vote is 1 (up) or -1 (down); DELETE takes it back.", code="invalid_vote"
            )
        return value


class VoteOutput(serializers.Serializer):
    counterargument = serializers.IntegerField(source="pk")
    upvotes = serializers.IntegerField()
    downvotes = serializers.IntegerField()
    score = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField()

    def get_my_vote(self, ca) -> int:
        return self.context.get("my_vote", 0)


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Notification.Kind.choices)
    actor = MemberOutput(allow_null=True, help_text="Empty for an automatic hide.")
    counterargument = serializers.IntegerField(source="counterargument_id", allow_null=True)
    highlight = serializers.IntegerField(source="highlight_id", allow_null=True)
    text = serializers.SerializerMethodField(help_text="What happened, in one sentence.")
    excerpt = serializers.SerializerMethodField(
        help_text="The item's words, shortened; empty when you may not read them."
    )
    reason = serializers.SerializerMethodField(help_text="The moderator's reason, if any.")
    until = serializers.DateTimeField(
        allow_null=True, help_text="A suspension's end (9999-01-01 for a permanent one)."
    )
    read = serializers.BooleanField()
    created = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The item, on its reading page.")

    def get_text(self, notification) -> str:
        return notices.headline(notification)

    def get_excerpt(self, notification) -> str:
        request = self.context.get("request")
        return notices.excerpt(notification, request.user if request else None)

    def get_reason(self, notification) -> str:
        return notification.reason if notices.shows_reason(notification) else ""

    def get_url(self, notification) -> str:
        return absolute(self.context.get("request"), notification.get_absolute_url())


class NotificationsReadInput(InputSerializer):
    ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=500,
        help_text="Which ones; all unread ones when left out.",
    )


class NotificationsReadOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many changed from unread to read.")


class SearchHitOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SearchKind.choices)
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(help_text="The article's title (of the passage's article).")
    snippet = serializers.CharField(
        help_text="HTML: the words around the first match, escaped, matches in <mark>."
    )
    url = serializers.SerializerMethodField(
        help_text="The article; the article at the passage; the passage's panel at the answer."
    )
    language = serializers.CharField()
    created = serializers.DateTimeField()
    matches = serializers.IntegerField(help_text="How often the query's words occur.")

    def get_url(self, hit) -> str:
        return absolute(self.context.get("request"), hit.url)
