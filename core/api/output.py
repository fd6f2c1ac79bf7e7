"""What the API's read models (``<app>/api_output.py``) share: dates and times in the
form DRF's fields give them, and absolute links built once per request.

A read model is a small function building a dict from a row; the DRF output serializer
of the same shape stays the OpenAPI schema's source, and a test compares the two on the
same rows. They exist because a DRF serializer costs about 0.1 ms a field for each item,
which made the API's lists a tenth as fast as the framework (docs/performance.md)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from rest_framework import serializers


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """A timestamp as DRF's DateTimeField writes it (ISO 8601 in the current time zone,
    "Z" for UTC); None for none."""
    if not value:
        return None
    text = value.astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def iso_date(value: datetime.date | None) -> str | None:
    """A date as DRF's DateField writes it."""
    return value.isoformat() if value else None


class Links:
    """Absolute, percent-encoded links for one request, each URL pattern reversed once:
    ``links.path("api-article", pk)`` costs a string format instead of a ``reverse()``
    and a ``build_absolute_uri()`` per item. Without a request (as DRF's serializers
    without one), the links are paths."""

    def __init__(self, request) -> None:
        # build_absolute_uri("/") is scheme://host/; iri_to_uri quotes character by
        # character, so quoting the prefix and the (ASCII) path apart equals quoting both.
        self.prefix = iri_to_uri(request.build_absolute_uri("/"))[:-1] if request else ""
        self._patterns: dict[str, str] = {}

    def path(self, name: str, *args: int) -> str:
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = self._pattern(name, len(args))
        return self.prefix + pattern.format(*args)

    def absolute(self, path: str) -> str:
        return self.prefix + iri_to_uri(path)

    @staticmethod
    def _pattern(name: str, arity: int) -> str:
        # Reversed with distinct sentinels that no literal part of a URL contains, which
        # then become the format's fields.
        sentinels = [987654321 + n for n in range(arity)]
        path = iri_to_uri(reverse(name, args=sentinels)).replace("{", "{{").replace("}", "}}")
        for n, sentinel in enumerate(sentinels):
            if path.count(str(sentinel)) != 1:
                raise ValueError(f"cannot make a pattern of the URL {name!r}")
            path = path.replace(str(sentinel), "{" + str(n) + "}")
        return path


@functools.cache
def row_columns(serializer: type[serializers.ModelSerializer]) -> tuple[str, ...]:
    """The columns a read model selects to give what ``serializer`` gives, derived from
    its fields so that the rule is written once (in the serializer): a field whose source
    is a column of the model gives that column (``highlight`` with source
    ``highlight_id`` gives ``highlight_id``); a nested serializer gives the columns it
    names in ``row_columns`` (or its own fields' columns) through the relation
    (``imported_by__username``); method fields and properties (``score``) give none,
    the read model computing them from the row and the request.
    ``tests/api/test_read_models.py`` checks the result is the serializer's."""
    return tuple(_columns(serializer(), serializer.Meta.model, ""))


def _columns(
    serializer: serializers.BaseSerializer, model: type[models.Model], prefix: str
) -> Iterator[str]:
    declared = getattr(type(serializer), "row_columns", None)
    if declared is not None:
        yield from (prefix + column for column in declared)
        return
    assert isinstance(serializer, serializers.Serializer)
    for field in serializer.fields.values():
        name = field.source
        if isinstance(field, serializers.SerializerMethodField) or name in (None, "*"):
            continue
        assert name is not None
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            # An attname (highlight_id) is a column too; anything else is computed.
            by_attname = {f.attname: f for f in model._meta.concrete_fields}
            if name not in by_attname:
                continue
            model_field = by_attname[name]
        if isinstance(field, serializers.BaseSerializer):
            related = model_field.related_model
            assert isinstance(related, type)
            yield from _columns(field, related, f"{prefix}{name}__")
        elif model_field.concrete:
            yield prefix + name
