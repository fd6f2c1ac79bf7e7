"""Parsing: strict JSON with a body size limit, and JSON-LD for W3C annotations."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from .errors import RequestTooLarge, error_body


class BodyLimitMiddleware:
    """Under /api/, a body declared longer than API_MAX_BODY_BYTES is answered 413 in the
    error shape before anything reads it: whatever its content type (a type we do not
    parse would otherwise be a 415, a form body read by the CSRF check a 500) and however
    the client signs in. Bodies sent without a length are cut off by ``read_limited``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and _declared_length(request.META) > (
            settings.API_MAX_BODY_BYTES
        ):
            exc = RequestTooLarge()
            return JsonResponse(
                error_body(str(exc.default_code), str(exc.detail)), status=exc.status_code
            )
        return self.get_response(request)


def _declared_length(meta) -> int:
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def read_limited(stream, request_meta) -> bytes:
    """The body, refused (413) past API_MAX_BODY_BYTES whether or not the client sent a
    Content-Length."""
    limit = settings.API_MAX_BODY_BYTES
    if _declared_length(request_meta) > limit:
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
