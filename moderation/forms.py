from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ITEM_DECISIONS, ITEM_TYPES, Decision, FlagReason, SuspensionDuration


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=FlagReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Required for “other”: say what is wrong."),
    )


# The kinds a member flags and a moderator decides on, as the form lists them.
TARGET_TYPES = [(kind.value, kind.label) for kind in reversed(ITEM_TYPES)]


class ModerationForm(forms.Form):
    """One decision on one flagged item; a suspension is of the item's author."""

    target_type = forms.ChoiceField(choices=TARGET_TYPES)
    target_id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(label=_("Action"), choices=Decision.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    duration = forms.ChoiceField(
        label=_("Suspension"),
        required=False,
        choices=[("", "—"), *SuspensionDuration.choices],
    )


class BulkModerationForm(forms.Form):
    """The same decision on many queue items at once (a spam wave)."""

    items = forms.Field(
        label=_("Items"),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick at least one item.")},
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[(d.value, d.label) for d in ITEM_DECISIONS]
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def clean_items(self) -> list[tuple[str, int]]:
        keys = self.cleaned_data["items"]
        kinds = dict(TARGET_TYPES)
        parsed = []
        for key in keys if isinstance(keys, list) else [keys]:
            kind, _sep, pk = str(key).partition("-")
            if kind not in kinds or not pk.isdigit():
                raise forms.ValidationError(_("Unknown item: %(key)s") % {"key": key})
            parsed.append((kind, int(pk)))
        if len(parsed) > 500:
            raise forms.ValidationError(_("At most 500 items at once."))
        return parsed


class LockForm(forms.Form):
    locked = forms.TypedChoiceField(
        choices=[("1", "lock"), ("0", "unlock")], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
