from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    """What the member may change about themselves; accounts.services.profile_update
    checks and saves it (a plain form: the member object is not touched before)."""

    display_name = forms.CharField(label=_("display name"), max_length=80, required=False)
