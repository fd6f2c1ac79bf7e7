"""Input serializers and fields: unknown fields refused, JSON types taken strictly."""

from __future__ import annotations

from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from rest_framework import serializers


# An input serializer that refuses fields it does not know, so a typo ("stnace") is an
# error instead of a silently missing value. Never saved: views pass `validated_data` to a
# service. `schema_extra` states in the OpenAPI schema what its validate() checks across
# fields (core/api/schema.py). (A comment, not a docstring: drf-spectacular would publish
# a docstring as every input's description.)
class InputSerializer(serializers.Serializer):
    schema_extra: dict = {}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Unknown field.")] for name in unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)


# A model's fields as output, with the same integer bounds on every database: the columns'
# documented ranges (PostgreSQL's), where the connection would give its own (SQLite reports
# 64 bits for every integer), so the OpenAPI schema is one contract. (A comment, not a
# docstring: drf-spectacular would publish a docstring as every output's description.)
class OutputModelSerializer(serializers.ModelSerializer):
    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.IntegerField):
            kind = model_field.get_internal_type()
            ours = connection.ops.integer_field_range(kind)
            documented = BaseDatabaseOperations.integer_field_ranges.get(kind, ours)
            for key, here, portable in zip(
                ("min_value", "max_value"), ours, documented, strict=True
            ):
                if kwargs.get(key) == here:
                    kwargs[key] = portable
        return field_class, kwargs


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    # A field named "fields", which Serializer also names its field map.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


class ErrorResponse(serializers.Serializer):
    error = ErrorDetail()


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: refuses true/false, "12" and 1.0 (DRF's IntegerField would quietly
    take all three; a float is not an integer however it is written)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string: refuses numbers and booleans (DRF's CharField would turn 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# Registers the schema extension for InputSerializer (imported here, where the class is,
# so that every schema generation sees it).
from . import schema as _schema  # noqa: E402, F401
