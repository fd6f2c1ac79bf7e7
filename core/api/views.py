"""Views every API shares: the health check, and the JSON 404/500 for /api/."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .errors import error_body

logger = logging.getLogger("counterpoint.api")


def health(request):
    """For load balancers and the benchmark's baseline: the app answers and its database
    does (one `SELECT 1`, no DRF, no session). A database that does not answer is a 503,
    so a balancer takes this process out instead of sending it readers it would fail."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@csrf_exempt  # a 404 whatever the method: not a CSRF failure page in HTML
def json_404(request, exception=None):
    return JsonResponse(error_body("not_found", _("There is nothing here.")), status=404)


def json_500(request):
    return JsonResponse(
        error_body("server_error", _("Something went wrong on our side; it has been logged.")),
        status=500,
    )
