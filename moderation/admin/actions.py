"""Admin actions that call services. Django's usual pattern for an action that needs
input: the changelist POSTs the selection, the action answers with a confirmation page
holding a form; that page POSTs the selection again with "apply", and only then is the
service called — once per object, each call its own transaction, so one refusal doesn't
undo the others."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.members import is_moderator

from .. import services
from ..models import ModerationAction

Action = ModerationAction.Action
SHOWN_IN_A_REFUSAL = 10


def short(text: str, length: int = 80) -> str:
    return Truncator(text or "").chars(length)


def admin_link(obj):
    if obj is None:
        return "—"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or gettext("You are not allowed to do this.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Written to the moderation log; the member sees it."),
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class SuspendForm(ReasonForm):
    duration = forms.ChoiceField(
        label=_("Suspend for"),
        choices=[
            ("1d", _("1 day")),
            ("7d", _("7 days")),
            ("30d", _("30 days")),
            ("permanent", _("permanently")),
        ],
        widget=forms.RadioSelect,
    )
    field_order = ["duration", "reason"]


class ServiceActionsMixin:
    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    def describe(self, obj) -> str:
        """One line naming the object on the confirmation page and in messages."""
        return str(obj)

    def confirm(
        self,
        request,
        queryset,
        *,
        action_name: str,
        title: str,
        apply,
        form_class=ReasonForm,
        reason_required: bool = False,
        objects=None,
    ):
        """Show the confirmation page, or, when it was submitted valid, run
        `apply(cleaned_data)` and go back to the changelist. `objects` are what the
        action acts on, when that isn't the selection itself (a flag's item)."""
        submitted = request.POST if "apply" in request.POST else None
        form = form_class(submitted, reason_required=reason_required)
        if form.is_bound and form.is_valid():
            apply(form.cleaned_data)
            return None
        objects = list(queryset) if objects is None else objects
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "queryset": queryset,
            "objects": [self.describe(obj) for obj in objects],
            "form": form,
            "action_name": action_name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/moderation/confirm_action.html", context)

    def apply_each(self, request, objects, call) -> tuple[int, int]:
        """Call `call(obj)` (a service) for each object. Returns how many changed and how
        many were already as asked (the service returned no log entry); refusals are
        reported grouped by their message, which the service wrote for people."""
        done = unchanged = 0
        refused: dict[str, list[str]] = {}
        for obj in objects:
            try:
                entry = call(obj)
            except (PermissionDenied, ValidationError) as exc:
                refused.setdefault(error_text(exc), []).append(self.describe(obj))
                continue
            if entry is None:
                unchanged += 1
            else:
                done += 1
        for error, names in refused.items():
            shown = "; ".join(names[:SHOWN_IN_A_REFUSAL])
            if len(names) > SHOWN_IN_A_REFUSAL:
                shown += " …"
            self.message_user(
                request,
                gettext("Not done: %(error)s (%(objects)s)") % {"error": error, "objects": shown},
                messages.ERROR,
            )
        return done, unchanged

    def report(self, request, *, done: str = "", unchanged: str = "") -> None:
        if done:
            self.message_user(request, done, messages.SUCCESS)
        if unchanged:
            self.message_user(request, unchanged, messages.WARNING)


class ItemModerationMixin(ServiceActionsMixin):
    """Keep, hide, remove or restore passages and answers through `services.moderate`,
    which also closes their open flags."""

    actions = ["hide_selected", "remove_selected", "restore_selected", "keep_selected"]

    def moderation_targets(self, queryset) -> list:
        return list(queryset)

    def describe(self, obj) -> str:
        return f"#{obj.pk} {obj} — {obj.author} ({obj.get_visibility_display()})"

    def _moderate(self, request, queryset, *, action: str, title: str, action_name: str):
        targets = self.moderation_targets(queryset)

        def apply(data):
            done, unchanged = self.apply_each(
                request,
                targets,
                lambda target: services.moderate(
                    moderator=request.user, target=target, action=action, reason=data["reason"]
                ),
            )
            result = Action(action).label
            self.report(
                request,
                done=ngettext("%(count)d item %(result)s.", "%(count)d items %(result)s.", done)
                % {"count": done, "result": result},
                unchanged=ngettext(
                    "%(count)d item was already so; nothing changed.",
                    "%(count)d items were already so; nothing changed.",
                    unchanged,
                )
                % {"count": unchanged},
            )

        return self.confirm(
            request,
            queryset,
            action_name=action_name,
            title=title,
            apply=apply,
            reason_required=action in (Action.HIDE, Action.REMOVE),
            objects=targets,
        )

    @admin.action(description=_("Hide selected %(verbose_name_plural)s…"), permissions=["moderate"])
    def hide_selected(self, request, queryset):
        return self._moderate(
            request,
            queryset,
            action=Action.HIDE,
            title=gettext("Hide these items"),
            action_name="hide_selected",
        )

    @admin.action(
        description=_("Remove selected %(verbose_name_plural)s…"), permissions=["moderate"]
    )
    def remove_selected(self, request, queryset):
        return self._moderate(
            request,
            queryset,
            action=Action.REMOVE,
            title=gettext("Remove these items"),
            action_name="remove_selected",
        )

    @admin.action(
        description=_("Restore selected %(verbose_name_plural)s…"), permissions=["moderate"]
    )
    def restore_selected(self, request, queryset):
        return self._moderate(
            request,
            queryset,
            action=Action.RESTORE,
            title=gettext("Restore these items"),
            action_name="restore_selected",
        )

    @admin.action(
        description=_("Keep selected %(verbose_name_plural)s (dismiss their flags)…"),
        permissions=["moderate"],
    )
    def keep_selected(self, request, queryset):
        return self._moderate(
            request,
            queryset,
            action=Action.KEEP,
            title=gettext("Keep these items and dismiss their flags"),
            action_name="keep_selected",
        )

    def get_actions(self, request):
        # Deleting is not moderation ("remove" is, and it is logged): keep the bulk delete
        # out of the menu next to the moderation actions.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class NoHardDelete:
    """Passages and answers are never deleted from the admin, by anyone, superusers
    included: a moderator removes them through the service ("remove"), which logs it and
    keeps the counts and the replies' places. Deleting an article or a member holding
    passages or answers is refused the same way (Django asks each related object's admin
    before a cascade)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ViewOnly:
    """Shown, never added or edited here: the writes are the actions, so the services.
    Deleting stays with whoever holds the delete permission; moderators don't."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
