"""Member-level predicates: who is a moderator, who is suspended, who may write at all.
Written once here and asked by services, selectors, serializers, the admin and
templates (through the `core` template tags) alike."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .errors import Refused, Suspended

# The permission that makes a staff member a moderator. Named by string: core imports no
# app (the permission belongs to the debate layer's Counterargument model).
MODERATE_PERMISSION = "debates.moderate"
# The group holding it (annotations/migrations/0002_moderators_group.py creates it).
MODERATORS_GROUP = "Moderators"


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_moderator(user) -> bool:
    """Moderators are staff (they work in the admin too) holding debates.moderate.
    Checking is_staff first spares every other member's page the permission queries."""
    return bool(
        is_signed_in(user)
        and (user.is_superuser or (user.is_staff and user.has_perm(MODERATE_PERMISSION)))
    )


def is_suspended(user) -> bool:
    return bool(is_signed_in(user) and getattr(user, "is_suspended", False))


def can_write(user) -> bool:
    """Signed in and not suspended: may post, vote, flag, import."""
    return is_signed_in(user) and not is_suspended(user)


def suspension_notice(user) -> str:
    """What a suspended member is told (until when, and why); empty when not suspended."""
    if not is_suspended(user):
        return ""
    if user.is_permanently_suspended:
        sentence = _("Your account is suspended.")
    else:
        sentence = _("Your account is suspended until %(until)s.") % {
            "until": date_format(timezone.localtime(user.suspended_until), "Y-m-d H:i")
        }
    if user.suspension_reason:
        sentence += " " + _("Reason: %(reason)s") % {"reason": user.suspension_reason}
    return sentence


def require_signed_in(user, message: str) -> None:
    """Signed in; suspended members pass (they may still read and tidy their own
    things, such as marking notifications read)."""
    if not is_signed_in(user):
        raise Refused(message, code="signed_out")


def require_member(user, message: str) -> None:
    """Signed in and not suspended: the gate of every write."""
    require_signed_in(user, message)
    notice = suspension_notice(user)
    if notice:
        raise Suspended(notice)


def require_moderator(user) -> None:
    """A moderator, signed in and not suspended."""
    require_member(user, _("Sign in first."))
    if not is_moderator(user):
        raise Refused(_("Only moderators can do this."))
