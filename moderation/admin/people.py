"""Articles (lock and unlock their debates) and members (suspend, lift a suspension):
the admins their own apps define, re-registered with the moderation actions, since
those apps must not depend on `debates`."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from annotations.admin import ArticleAdmin
from annotations.models import Article

from .. import rules, services
from ..models import ModerationAction
from .actions import ServiceActionsMixin, SuspendForm


class DebateArticleAdmin(ServiceActionsMixin, ArticleAdmin):
    actions = ["lock_debates", "unlock_debates"]
    # Django 5.2 warns that URL fields will assume https in 6.0; opt in now (the change
    # page builds the form even for someone who may only view it).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_lock_debate_permission(self, request) -> bool:
        # The same permission the lock service checks.
        return request.user.has_perm("annotations.lock_debate")

    def describe(self, obj) -> str:
        state = gettext("locked") if obj.debate_locked else gettext("open")
        return f"{obj} ({state})"

    def _lock(self, request, queryset, *, locked: bool, title: str, action_name: str):
        def apply(data):
            done, unchanged = self.apply_each(
                request,
                queryset,
                lambda article: services.debate_lock(
                    moderator=request.user, article=article, locked=locked, reason=data["reason"]
                ),
            )
            if locked:
                done_text = ngettext(
                    "%(count)d debate locked.", "%(count)d debates locked.", done
                ) % {"count": done}
            else:
                done_text = ngettext(
                    "%(count)d debate unlocked.", "%(count)d debates unlocked.", done
                ) % {"count": done}
            self.report(
                request,
                done=done_text,
                unchanged=ngettext(
                    "%(count)d debate was already so; nothing changed.",
                    "%(count)d debates were already so; nothing changed.",
                    unchanged,
                )
                % {"count": unchanged},
            )

        return self.confirm(request, queryset, action_name=action_name, title=title, apply=apply)

    @admin.action(
        description=_("Lock the debates of selected articles…"), permissions=["lock_debate"]
    )
    def lock_debates(self, request, queryset):
        return self._lock(
            request,
            queryset,
            locked=True,
            title=gettext("Lock these debates"),
            action_name="lock_debates",
        )

    @admin.action(
        description=_("Unlock the debates of selected articles…"), permissions=["lock_debate"]
    )
    def unlock_debates(self, request, queryset):
        return self._lock(
            request,
            queryset,
            locked=False,
            title=gettext("Unlock these debates"),
            action_name="unlock_debates",
        )


admin.site.unregister(Article)
admin.site.register(Article, DebateArticleAdmin)


# Who a member is in the product's roles. The stock change form would let a superuser
# tick them without a word in the log, and make half-moderators (staff without the group,
# the group without staff). They are shown here and changed only by the logged actions.
ROLE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class ModerationUserAdmin(ServiceActionsMixin, UserAdmin):
    actions = ["suspend_members", "unsuspend_members", "make_moderators", "remove_moderators"]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None:  # the add form: username and password only
            return fields
        return fields + tuple(field for field in ROLE_FIELDS if field not in fields)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        note = gettext(
            "Roles change only through the logged actions on the members list: “Make "
            "selected members moderators…” and “Remove selected members from the "
            "moderators…”. Administrators are made on the server (manage.py "
            "createsuperuser)."
        )
        return [
            (name, {**options, "description": note})
            if "is_superuser" in options.get("fields", ())
            else (name, options)
            for name, options in fieldsets
        ]

    def has_appoint_permission(self, request) -> bool:
        # The rule the service asks.
        return rules.can_appoint(request.user)

    def get_deleted_objects(self, objs, request):
        """A member named in the log can't be deleted (the log protects them). Django
        would also count the entries as "objects you may not delete" and show that
        less accurate message first; they only ever appear here as protectors, so say
        that instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        log_name = str(ModerationAction._meta.verbose_name)
        perms_needed = {name for name in perms_needed if str(name) != log_name}
        return deleted, counts, perms_needed, protected

    def describe(self, obj) -> str:
        if obj.is_permanently_suspended:
            return gettext("%(member)s (%(email)s), suspended permanently") % {
                "member": obj.public_name,
                "email": obj.email,
            }
        if obj.is_suspended:
            return gettext("%(member)s (%(email)s), suspended until %(until)s") % {
                "member": obj.public_name,
                "email": obj.email,
                "until": f"{obj.suspended_until:%Y-%m-%d %H:%M}",
            }
        return f"{obj.public_name} ({obj.email})"

    @admin.action(description=_("Suspend selected members…"), permissions=["moderate"])
    def suspend_members(self, request, queryset):
        def apply(data):
            done, _unchanged = self.apply_each(
                request,
                queryset,
                lambda member: services.member_suspend(
                    moderator=request.user,
                    member=member,
                    duration=data["duration"],
                    reason=data["reason"],
                ),
            )
            self.report(
                request,
                done=ngettext("%(count)d member suspended.", "%(count)d members suspended.", done)
                % {"count": done},
            )

        return self.confirm(
            request,
            queryset,
            action_name="suspend_members",
            title=gettext("Suspend these members"),
            apply=apply,
            form_class=SuspendForm,
            reason_required=True,
        )

    @admin.action(
        description=_("Lift the suspension of selected members…"), permissions=["moderate"]
    )
    def unsuspend_members(self, request, queryset):
        def apply(data):
            done, unchanged = self.apply_each(
                request,
                queryset,
                lambda member: services.member_unsuspend(
                    moderator=request.user, member=member, reason=data["reason"]
                ),
            )
            self.report(
                request,
                done=ngettext(
                    "%(count)d member's suspension lifted.",
                    "%(count)d members' suspensions lifted.",
                    done,
                )
                % {"count": done},
                unchanged=ngettext(
                    "%(count)d member was not suspended; nothing changed.",
                    "%(count)d members were not suspended; nothing changed.",
                    unchanged,
                )
                % {"count": unchanged},
            )

        return self.confirm(
            request,
            queryset,
            action_name="unsuspend_members",
            title=gettext("Lift these suspensions"),
            apply=apply,
        )

    def _appoint(self, request, queryset, *, moderator: bool, title: str, action_name: str):
        def apply(data):
            done, unchanged = self.apply_each(
                request,
                queryset,
                lambda member: services.member_set_moderator(
                    actor=request.user, member=member, moderator=moderator, reason=data["reason"]
                ),
            )
            if moderator:
                done_text = ngettext(
                    "%(count)d member made a moderator.", "%(count)d members made moderators.", done
                ) % {"count": done}
                unchanged_text = ngettext(
                    "%(count)d member was a moderator already; nothing changed.",
                    "%(count)d members were moderators already; nothing changed.",
                    unchanged,
                ) % {"count": unchanged}
            else:
                done_text = ngettext(
                    "%(count)d member removed from the moderators.",
                    "%(count)d members removed from the moderators.",
                    done,
                ) % {"count": done}
                unchanged_text = ngettext(
                    "%(count)d member was not a moderator; nothing changed.",
                    "%(count)d members were not moderators; nothing changed.",
                    unchanged,
                ) % {"count": unchanged}
            self.report(request, done=done_text, unchanged=unchanged_text)

        return self.confirm(request, queryset, action_name=action_name, title=title, apply=apply)

    @admin.action(description=_("Make selected members moderators…"), permissions=["appoint"])
    def make_moderators(self, request, queryset):
        return self._appoint(
            request,
            queryset,
            moderator=True,
            title=gettext("Make these members moderators"),
            action_name="make_moderators",
        )

    @admin.action(
        description=_("Remove selected members from the moderators…"), permissions=["appoint"]
    )
    def remove_moderators(self, request, queryset):
        return self._appoint(
            request,
            queryset,
            moderator=False,
            title=gettext("Remove these members from the moderators"),
            action_name="remove_moderators",
        )


admin.site.unregister(User)
admin.site.register(User, ModerationUserAdmin)
