from allauth.account.views import LoginView
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import run_service

from . import services, signin
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


class SignInView(LoginView):
    """allauth's sign-in page; a refusal by the sign-in limiter answers 429."""

    def form_invalid(self, form):
        return signin.answer_locked(super().form_invalid(form), form)


sign_in = SignInView.as_view()


def admin_sign_in(request):
    """The admin's sign-in page (its form asks the limiter); a refusal answers 429."""
    response = admin.site.login(request)
    context = getattr(response, "context_data", None) or {}
    return signin.answer_locked(response, context.get("form"))
