from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.errors import RateLimited

from . import signin


class ProfileForm(forms.Form):
    """What the member may change about themselves; accounts.services.profile_update
    checks and saves it (a plain form: the member object is not touched before)."""

    display_name = forms.CharField(label=_("display name"), max_length=80, required=False)


class AdminSignInForm(AdminAuthenticationForm):
    """/admin/login/, behind the same sign-in limiter as the sign-in page and the API."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = signin.authenticate(
                    self.request, login=username, username=username, password=password
                )
            except RateLimited as exc:
                raise signin.locked_error(exc) from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
