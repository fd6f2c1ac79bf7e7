"""HTML helpers shared by every app's views: who may reach a write view, one way to run a
service from a form and show its refusal, and the middleware that answers any refusal a
view lets out with a sentence where the reader is looking."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import DomainError, RateLimited, message_of, status_of

T = TypeVar("T")

# What a service raises on purpose; anything else is a bug and reaches the error page.
REFUSALS = (ValidationError, PermissionDenied, DomainError)


def member_required(view):
    """Like login_required, but htmx requests get a 401 that sends the page to sign-in
    (htmx would otherwise swap the sign-in page into a fragment)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        back = request.headers.get("HX-Current-URL") or request.get_full_path()
        login = f"{reverse('account_login')}?next={back}"
        if getattr(request, "htmx", False):
            return HttpResponse(status=401, headers={"HX-Redirect": login})
        return redirect(login)

    return wrapper


def refusal(exc: BaseException) -> tuple[str, int]:
    """A service's refusal as one sentence and its status: 422 for bad input (the form
    re-renders), the error's own status otherwise (403 not allowed or suspended, 429 too
    many writes, 409 already there, 503 busy)."""
    return message_of(exc, _("You can't do this.")), status_of(exc, invalid=422)


def add_to_form(form, exc: BaseException) -> int:
    """Put a service's refusal on the form (field errors on their fields, everything else
    on the form as a whole); returns the response status."""
    message, status = refusal(exc)
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    else:
        form.add_error(None, message)
    return status


def run_service(form, service: Callable[..., T], /, **kwargs: Any) -> tuple[T | None, int]:
    """Call `service(**kwargs)`; on a refusal, put it on the form. Returns the result (None
    when refused) and the status to answer with (200 when it worked)."""
    try:
        return service(**kwargs), 200
    except REFUSALS as exc:
        return None, add_to_form(form, exc)


def render_refusal(request, exc: BaseException) -> HttpResponse:
    """A refusal with no form to carry it: a page for a plain post; for htmx a fragment
    swapped into the page's alert area (#flash in base.html)."""
    message, status = refusal(exc)
    htmx = getattr(request, "htmx", False)
    template = "components/refused.html#flash" if htmx else "components/refused.html"
    response = render(request, template, {"message": message}, status=status)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    if htmx:
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
    return response


class RefusalMiddleware:
    """Refused writes, answered the same way on every HTML path: services raise where the
    rule lives, views need not catch each refusal. The API has its own handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, DomainError | PermissionDenied):
            return render_refusal(request, exception)
        return None
