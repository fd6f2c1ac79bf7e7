"""Cursor pagination: for querysets (keyset) and for lists ranked in Python."""

from __future__ import annotations

import base64
import binascii
from urllib import parse

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class Cursor(CursorPagination):
    """Cursor pagination for querysets; views set `ordering`."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created"

    def get_ordering(self, request, queryset, view):
        if hasattr(view, "cursor_ordering"):
            return tuple(view.cursor_ordering(request))
        return super().get_ordering(request, queryset, view)

    def get_page_size(self, request):
        if self.page_size_query_param in request.query_params:
            try:
                size = int(request.query_params[self.page_size_query_param])
            except ValueError:
                size = 0
            if not 1 <= size <= self.max_page_size:
                raise serializers.ValidationError(
                    {
                        "page_size": [
                            _("Give a page size between 1 and %(max)d.")
                            % {"max": self.max_page_size}
                        ]
                    },
                    code="invalid",
                )
            return size
        return self.page_size

    def get_schema_operation_parameters(self, view):
        return [
            cursor_parameter(),
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"How many per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def decode_cursor(self, request):
        # DRF decodes leniently: base64 drops the characters it does not know, so
        # `?cursor=!!!` decoded to nothing and listed the first page again.
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            querystring = base64.b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True, strict_parsing=True)
        except (ValueError, UnicodeError, binascii.Error):
            raise _invalid_cursor() from None
        if not tokens or set(tokens) - {"o", "r", "p"}:
            raise _invalid_cursor()
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise _invalid_cursor() from None

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, DjangoValidationError):
            # A position that is not a value of the ordering column ("p=abc" for a
            # number): the database could not compare it.
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise _invalid_cursor() from None


# What the cursors look like (both kinds are base64 text), stated in the OpenAPI schema.
CURSOR_PATTERN = r"^[A-Za-z0-9+/_-]+={0,2}$"


def cursor_parameter() -> dict:
    """The `cursor` query parameter as OpenAPI states it, for every cursor-paged list."""
    return {
        "name": "cursor",
        "required": False,
        "in": "query",
        "description": "Opaque: the one in a `next` or `previous` link. Anything else, even "
        "in this alphabet, is a 400.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": CURSOR_PATTERN},
    }


def _invalid_cursor() -> serializers.ValidationError:
    return serializers.ValidationError(
        {"cursor": [_("This cursor is not one we gave out; use the `next` or `previous` link.")]},
        code="invalid",
    )


class RankedCursor(BasePagination):
    """Opaque cursors over a list already ranked in Python (a passage's answers ordered
    by Wilson score cannot be expressed as a keyset). The cursor carries the position;
    the same `next`/`previous`/`results` shape as the queryset cursor."""

    page_size = 20
    cursor_query_param = "cursor"

    def paginate_list(self, items: list, request) -> list:
        self.request = request
        self.count = len(items)
        raw = request.query_params.get(self.cursor_query_param)
        self.offset = 0
        if raw is not None:
            try:
                decoded = base64.b64decode(raw.encode("ascii"), altchars=b"-_", validate=True)
                self.offset = int(decoded.decode("ascii")) if decoded.isdigit() else -1
            except (ValueError, UnicodeError, binascii.Error):
                self.offset = -1
            if self.offset < 0:
                raise _invalid_cursor()
        return items[self.offset : self.offset + self.page_size]

    def _link(self, offset: int | None) -> str | None:
        if offset is None:
            return None
        url = self.request.build_absolute_uri()
        if offset == 0:
            return remove_query_param(url, self.cursor_query_param)
        token = base64.urlsafe_b64encode(str(offset).encode("ascii")).decode("ascii")
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        after = self.offset + self.page_size
        before = max(0, self.offset - self.page_size) if self.offset > 0 else None
        return Response(
            {
                "next": self._link(after if after < self.count else None),
                "previous": self._link(before),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return Cursor().get_paginated_response_schema(schema)
