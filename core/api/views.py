"""Views every API shares: the health check, and the JSON 404/500 for /api/."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .errors import error_body


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
