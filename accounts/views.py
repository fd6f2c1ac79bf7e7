from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import run_service

from . import services
from .forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    if request.method == "GET":
        form = ProfileForm(initial={"display_name": request.user.display_name})
        return render(request, "accounts/profile_edit.html", {"form": form})
    form = ProfileForm(request.POST)
    status = 422
    if form.is_valid():
        _user, status = run_service(
            form,
            services.profile_update,
            user=request.user,
            display_name=form.cleaned_data["display_name"],
        )
        if status == 200:
            messages.success(request, _("Profile saved."))
            return redirect(request.user)
    return render(request, "accounts/profile_edit.html", {"form": form}, status=status)
