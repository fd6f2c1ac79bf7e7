"""The API's one error shape, and the exception handler that maps every exception an API
view lets out onto it:

    {"error": {"code": "mismatch", "message": "A sentence.", "fields": {"start": ["..."]}}}
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from core.errors import DomainError, RateLimited, status_of

logger = logging.getLogger("counterpoint.api")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        limit = settings.API_MAX_BODY_BYTES
        if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
            limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        super().__init__(
            _("The request body is too large: the limit is %(limit)s bytes.")
            % {"limit": f"{limit:,}"}
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
        codes = [str(e.code) for errors in exc.error_dict.values() for e in errors if e.code]
        message = general[0] if general else next(iter(fields.values()))[0]
        if general:
            fields["non_field_errors"] = general
        return (codes[0] if codes else "invalid"), message, fields
    codes = [str(e.code) for e in exc.error_list if getattr(e, "code", None)]
    return (codes[0] if codes else "invalid"), _sentence(exc.messages[0]), {}


def exception_handler(exc, context):
    """Map every exception an API view lets out onto the one error shape. Domain errors
    from the services keep their code and sentence; anything unexpected is logged and
    answered with a generic 500 in the same shape."""
    headers = {}
    fields: dict = {}
    if isinstance(exc, RequestDataTooBig):
        # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), met when DRF or the CSRF check
        # reads a body the API's limit let through (it may be set higher than Django's).
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(_("The body has too many fields."))
    if isinstance(exc, DomainError):
        # The error names its own code and status (403 refused or suspended, 429 too
        # many writes, 503 busy, ...).
        status_code, code, message = exc.status, exc.code, _sentence(exc.message)
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
    elif isinstance(exc, DjangoValidationError):
        code, message, fields = _from_django_validation(exc)
        status_code = status_of(exc, invalid=400)
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
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else str(exc.default_code)
        message = _sentence(str(exc.detail if isinstance(exc.detail, str) else exc.default_detail))
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
