"""Shapes of the member's own account and API token in the API."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from core.api.fields import InputSerializer, StrictCharField
from core.api.schema import exactly_one_of
from core.members import is_moderator


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="public_name")
    email = serializers.EmailField()
    is_moderator = serializers.SerializerMethodField()
    suspended_until = serializers.DateTimeField(allow_null=True)
    suspension_reason = serializers.CharField()
    date_joined = serializers.DateTimeField()

    def get_is_moderator(self, user) -> bool:
        return is_moderator(user)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "TokenInput",
            value={"email": "alice@example.org", "password": "correct horse battery staple"},
            request_only=True,
        )
    ]
)
class TokenInput(InputSerializer):
    login = StrictCharField(required=False, help_text="Email or username.", max_length=254)
    email = StrictCharField(required=False, max_length=254)
    username = StrictCharField(required=False, max_length=150)
    password = StrictCharField(trim_whitespace=False, max_length=4096)

    schema_extra = exactly_one_of(["login"], ["email"], ["username"])

    def validate(self, data):
        given = [data[k] for k in ("login", "email", "username") if data.get(k)]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Send one of “email”, “username” or “login” with the password.", code="required"
            )
        data["login"] = given[0]
        return data


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(source="key")
    user = MeOutput()
