from django import forms
from django.utils.translation import gettext_lazy as _

from annotations.forms import HighlightForm

from .models import Counterargument, FlagReason, Stance


class CounterargumentForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Stance"), choices=Stance.choices, initial=Stance.REFUTES, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Your argument"),
        strip=False,
        max_length=Counterargument.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: *emphasis*, **strong**, [links](https://…), > quotes, lists."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Up to five web addresses, one per line."),
    )

    def clean_sources(self):
        return self.cleaned_data["sources"].split()


class PassageCounterForm(HighlightForm, CounterargumentForm):
    """The selection and its first answer, posted together."""


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=[(1, "+1"), (-1, "-1")], coerce=int)


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False, max_length=Counterargument.MAX_BODY)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=FlagReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Required for “other”: say what is wrong."),
    )


TARGET_TYPES = [("counterargument", _("answer")), ("highlight", _("passage"))]


class ModerationForm(forms.Form):
    """One decision on one flagged item; a suspension is of the item's author."""

    ACTIONS = [
        ("keep", _("Keep (dismiss the flags)")),
        ("hide", _("Hide")),
        ("remove", _("Remove")),
        ("restore", _("Restore")),
        ("suspend", _("Suspend the author")),
    ]
    target_type = forms.ChoiceField(choices=TARGET_TYPES)
    target_id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    duration = forms.ChoiceField(
        label=_("Suspension"),
        required=False,
        choices=[
            ("", "—"),
            ("1d", _("1 day")),
            ("7d", _("7 days")),
            ("30d", _("30 days")),
            ("permanent", _("permanently")),
        ],
    )


class BulkModerationForm(forms.Form):
    """The same decision on many queue items at once (a spam wave)."""

    items = forms.Field(
        label=_("Items"),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick at least one item.")},
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[c for c in ModerationForm.ACTIONS if c[0] != "suspend"]
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
