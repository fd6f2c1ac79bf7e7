import logging

from allauth.account.views import LoginView
from allauth.account.views import PasswordResetView as AllauthPasswordResetView
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import run_service

from . import services, signin
from .forms import ProfileForm

logger = logging.getLogger("counterpoint.accounts")


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


class PasswordResetView(AllauthPasswordResetView):
    """allauth's password reset page; when the mail server cannot be reached the form
    comes back with a sentence (503) instead of a server error page. The same answer
    for every address, known or not, so it tells nobody who has an account."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except OSError:  # smtplib's errors, a refused or timed-out connection
            logger.exception("Password reset: the email could not be sent")
            form.add_error(None, _("We could not send the email just now; please try again later."))
            response = self.form_invalid(form)
            response.status_code = 503
            response["Retry-After"] = "60"
            return response


password_reset = PasswordResetView.as_view()
