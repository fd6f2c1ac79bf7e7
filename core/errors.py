"""Domain errors. Each carries the `code` a program reads and the HTTP `status` it calls
for, so the API's exception handler and the HTML refusal helper read `exc.status` instead
of testing classes one by one. The message is a sentence for people."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


class DomainError(Exception):
    """A refusal a service raises on purpose. Subclasses set `code` and `status`."""

    code = "invalid"
    status = 400

    def __init__(self, message: str = "", *, code: str | None = None):
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class Refused(DomainError, PermissionDenied):
    """The member may see this but not do it (not signed in, not the author, not a
    moderator). Still a PermissionDenied, so Django's own handling applies too."""

    code = "forbidden"
    status = 403


class Suspended(Refused):
    """The member is read-only for now; the message says until when and why."""

    code = "suspended"


class NotFound(DomainError, Http404):
    """There is no such thing for this reader: missing, or hidden from them (the same
    answer either way, so a refusal cannot be used to probe for hidden items)."""

    code = "not_found"
    status = 404


class RateLimited(DomainError):
    """Too many writes of one kind in the window. `retry_after` is in seconds."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Busy(DomainError):
    """The database kept refusing the write (deadlock or serialization failure) after
    every retry; nothing was stored and the request may be sent again."""

    code = "busy"
    status = 503


class Invalid(ValidationError):
    """A ValidationError that names its own HTTP status (409 for a duplicate, say).
    Plain ValidationErrors are 400 in the API and 422 for an HTML form."""

    status = 400


def status_of(exc: BaseException, *, invalid: int = 400) -> int:
    """The HTTP status a refusal calls for. `invalid` is the status of a plain
    ValidationError (the API says 400, a re-rendered HTML form 422)."""
    status = getattr(exc, "status", None)
    if isinstance(status, int):
        return status
    if isinstance(exc, ValidationError):
        return invalid
    if isinstance(exc, PermissionDenied):
        return 403
    return 500


def message_of(exc: BaseException, default: str = "") -> str:
    """The refusal's first sentence."""
    if isinstance(exc, ValidationError):
        return exc.messages[0] if exc.messages else default
    return str(exc) or default
