from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    ITEM_DECISIONS,
    ITEM_TYPES,
    AppealDecision,
    Decision,
    FlagReason,
    ModerationAction,
    SuspensionDuration,
    TargetType,
)


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


AUTOMATIC = "automatic"


class LogFilterForm(forms.Form):
    """The log's filters, read from the query string: who acted (a moderator, or the
    automatic threshold), what they did, to what, between which days; `after` is the page
    cursor. Every field may be left empty; a value that is not one of the choices is an
    error the page says, never silently dropped."""

    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, moderators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._moderators = {user.username: user for user in moderators}
        self.fields["moderator"] = forms.ChoiceField(
            label=_("Moderator"),
            required=False,
            choices=[
                ("", _("anyone")),
                (AUTOMATIC, _("automatic moderation")),
                *((user.username, user.public_name) for user in moderators),
            ],
        )
        self.fields["action"] = forms.ChoiceField(
            label=_("Action"),
            required=False,
            choices=[("", _("any action")), *ModerationAction.Action.choices],
        )
        self.fields["target_type"] = forms.ChoiceField(
            label=_("Target"),
            required=False,
            choices=[("", _("anything")), *TargetType.choices],
        )
        # "from" and "to" are the query's words; Python keeps `from` for itself.
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean_after(self):
        from .selectors import LogCursor

        text = self.cleaned_data["after"]
        if not text:
            return None
        cursor = LogCursor.parse(text)
        if cursor is None:
            raise forms.ValidationError(
                _("This page link is broken; start again from the newest entries."),
                code="bad_cursor",
            )
        return cursor

    def clean(self):
        data = super().clean() or {}
        since, until = data.get("from"), data.get("to")
        if since and until and since > until:
            raise forms.ValidationError(
                _("The first day comes after the last; swap them."), code="dates_reversed"
            )
        return data

    def filters(self) -> dict:
        """The selector's keyword arguments (moderation_log), from a valid form."""
        data = self.cleaned_data
        return {
            "moderator": self._moderators.get(data["moderator"]),
            "automatic": data["moderator"] == AUTOMATIC,
            "action": data["action"],
            "target_type": data["target_type"],
            "since": data["from"],
            "until": data["to"],
        }


class AppealForm(forms.Form):
    # The service checks the note (required, at most Appeal.MAX_NOTE) and says so in its
    # own sentence; the form only carries it.
    note = forms.CharField(label=_("Why should the moderators look again?"), required=False)


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=AppealDecision.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
