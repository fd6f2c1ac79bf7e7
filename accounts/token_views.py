"""The member's API token page, linked from their profile: create (or replace) and
revoke the key scripts send as `Authorization: Token <key>`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from . import services


@never_cache  # the page shows a new key: no cache may keep it
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            new_key = services.token_create(user=request.user).key
        elif action == "revoke":
            services.token_revoke(user=request.user)
            messages.success(request, _("Your API token was revoked."))
            return redirect("accounts:api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/api_token.html", {"token": token, "new_key": new_key})
