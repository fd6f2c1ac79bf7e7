"""The API's conventions in one place: the error shape, the exception handler that maps
domain errors onto HTTP, body size limits, strict input serializers and pagination.

Every error the API returns, whatever raised it, has one shape:

    {"error": {"code": "mismatch", "message": "A sentence.", "fields": {"start": ["..."]}}}
"""

from __future__ import annotations

import base64
import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from annotations.permissions import RateLimited, Suspended

logger = logging.getLogger("counterpoint.api")


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        super().__init__(
            _("The request body is too large: the limit is %(limit)s bytes.")
            % {"limit": f"{settings.API_MAX_BODY_BYTES:,}"}
        )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _sentence(message: str) -> str:
    message = str(message).strip()
    return message if message.endswith((".", "?", "!", "。", "？", "！")) else message + "."


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's nested error detail as {field: [sentences]}; nested fields get dotted names."""
    fields: dict[str, list[str]] = {}

    def walk(prefix: str, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                fields.setdefault(prefix or "non_field_errors", []).extend(
                    _sentence(v) for v in value
                )
            else:
                for index, inner in enumerate(value):
                    walk(f"{prefix}.{index}", inner)
        else:
            fields.setdefault(prefix or "non_field_errors", []).append(_sentence(value))

    walk("", detail)
    return fields


def _first_code(detail, default: str) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value, default)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0], default)
    return getattr(detail, "code", None) or default


def _from_django_validation(exc: DjangoValidationError) -> tuple[str, str, dict]:
    if hasattr(exc, "error_dict"):
        fields = {
            name: [_sentence(m) for m in DjangoValidationError(errors).messages]
            for name, errors in exc.error_dict.items()
        }
        general = fields.pop("__all__", [])
        codes = [e.code for errors in exc.error_dict.values() for e in errors if e.code]
        message = general[0] if general else next(iter(fields.values()))[0]
        if general:
            fields["non_field_errors"] = general
        return (codes[0] if codes else "invalid"), message, fields
    codes = [e.code for e in exc.error_list if getattr(e, "code", None)]
    return (codes[0] if codes else "invalid"), _sentence(exc.messages[0]), {}


def exception_handler(exc, context):
    """Map every exception an API view lets out onto the one error shape. Domain errors
    from the services keep their code and sentence; anything unexpected is logged and
    answered with a generic 500 in the same shape."""
    headers = {}
    fields: dict = {}
    if isinstance(exc, RateLimited):
        status_code, code, message = 429, "rate_limited", exc.message
        headers["Retry-After"] = str(exc.retry_after)
    elif isinstance(exc, DjangoValidationError):
        from annotations.services import DuplicateArticle

        code, message, fields = _from_django_validation(exc)
        status_code = 409 if isinstance(exc, DuplicateArticle) else 400
    elif isinstance(exc, Suspended):
        status_code, code, message = 403, "suspended", _sentence(str(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        status_code, code = 403, "forbidden"
        message = _sentence(str(exc) or _("You are not allowed to do this"))
    elif isinstance(exc, Http404):
        status_code, code, message = 404, "not_found", _("There is nothing here.")
    elif isinstance(exc, exceptions.ValidationError):
        status_code, code = 400, _first_code(exc.detail, "invalid")
        fields = _flatten(exc.detail)
        general = fields.get("non_field_errors")
        message = (
            general[0]
            if general
            else _("Some fields are missing or invalid: %(names)s.")
            % {"names": ", ".join(sorted(fields))}
        )
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        message = _sentence(exc.detail if isinstance(exc.detail, str) else exc.default_detail)
        if isinstance(exc, exceptions.NotAuthenticated):
            message = _(
                "Sign in first: send “Authorization: Token <key>” (get a key from "
                "POST /api/v1/auth/token/ or your profile page)."
            )
        if isinstance(exc, exceptions.NotFound):
            code, message = "not_found", _("There is nothing here.")
        if isinstance(exc, exceptions.ParseError):
            code = "malformed"
        if isinstance(exc, exceptions.PermissionDenied):
            code = "forbidden"  # the same code as the services' PermissionDenied
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        if isinstance(exc, exceptions.Throttled):
            code = "rate_limited"
    else:
        request = context.get("request")
        logger.error(
            "Unhandled error in %s %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            exc_info=exc,
        )
        status_code, code = 500, "server_error"
        message = _("Something went wrong on our side; it has been logged.")
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import set_rollback

    set_rollback()
    response = Response(error_body(code, message, fields), status=status_code, headers=headers)
    return response


def health(request):
    """For load balancers and the benchmark's baseline: the app answers, nothing else."""
    return JsonResponse({"status": "ok"})


@csrf_exempt  # a 404 whatever the method: not a CSRF failure page in HTML
def json_404(request, exception=None):
    return JsonResponse(error_body("not_found", _("There is nothing here.")), status=404)


def json_500(request):
    return JsonResponse(
        error_body("server_error", _("Something went wrong on our side; it has been logged.")),
        status=500,
    )


# --------------------------------------------------------------------------------------
# Parsing: a size limit, and JSON-LD for W3C annotations
# --------------------------------------------------------------------------------------


def read_limited(stream, request_meta) -> bytes:
    """The body, refused (413) past API_MAX_BODY_BYTES whether or not the client sent a
    Content-Length."""
    limit = settings.API_MAX_BODY_BYTES
    try:
        declared = int(request_meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise RequestTooLarge()
    data = stream.read(limit + 1) if stream is not None else b""
    if len(data) > limit:
        raise RequestTooLarge()
    return data


class JSONParser(parsers.JSONParser):
    """Strict JSON (no NaN), with the body size limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        data = read_limited(stream, request.META if request is not None else {})
        try:
            parsed = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(
                _("The body is not valid JSON: %(detail)s") % {"detail": exc}
            ) from None
        except RecursionError:
            raise exceptions.ParseError(_("The body's JSON is nested too deeply.")) from None
        try:
            # "\ud800" is valid JSON but not text: it could not be stored or sent back.
            json.dumps(parsed, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise exceptions.ParseError(
                _("The body's JSON contains an escaped lone surrogate, which is not text.")
            ) from None
        return parsed


class JSONLDParser(JSONParser):
    media_type = "application/ld+json"


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# --------------------------------------------------------------------------------------
# Input serializers
# --------------------------------------------------------------------------------------


class InputSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know, so a typo ("stnace")
    is an error instead of a silently missing value. Never saved: views pass
    `validated_data` to a service."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Unknown field.")] for name in unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorResponse(serializers.Serializer):
    error = ErrorDetail()


# --------------------------------------------------------------------------------------
# Pagination
# --------------------------------------------------------------------------------------


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

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise serializers.ValidationError(
                {"cursor": [_("This cursor is not one we gave out.")]}, code="invalid"
            ) from None


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
        if raw:
            try:
                self.offset = int(base64.urlsafe_b64decode(raw.encode("ascii")).decode("ascii"))
            except (ValueError, UnicodeError):
                self.offset = -1
            if self.offset < 0:
                raise serializers.ValidationError(
                    {"cursor": [_("This cursor is not one we gave out.")]}, code="invalid"
                )
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


class StrictIntegerField(serializers.IntegerField):
    """A JSON number without a fraction: refuses true/false and "12" (DRF's
    IntegerField would quietly take both)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(int(data))


class StrictCharField(serializers.CharField):
    """A JSON string: refuses numbers and booleans (DRF's CharField would turn 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
