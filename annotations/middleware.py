"""Refused writes, answered the same way on every HTML path.

Services raise ``PermissionDenied`` (signed out, suspended, not allowed) and
``RateLimited`` (too many writes) wherever the rule lives; views need not catch them one by
one. This turns them into a clear sentence with the right status: a page for a plain form
post, and for htmx a fragment swapped into the page's alert area (``#flash`` in base.html)
so the reader sees why nothing happened. The API has its own exception handler."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from .permissions import RateLimited


class WriteRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, RateLimited):
            status, message = 429, exception.message
        elif isinstance(exception, PermissionDenied):
            status = 403
            message = str(exception) or _("You are not allowed to do this.")
        else:
            return None
        htmx = getattr(request, "htmx", False)
        template = "components/refused.html#flash" if htmx else "components/refused.html"
        response = render(request, template, {"message": message}, status=status)
        if status == 429:
            response["Retry-After"] = str(exception.retry_after)
        if htmx:
            response["HX-Retarget"] = "#flash"
            response["HX-Reswap"] = "innerHTML"
        return response
