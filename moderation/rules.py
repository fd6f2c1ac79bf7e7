"""Who may flag and moderate what: the one place each rule is written, asked by the
services, the views, the serializers, the admin and the templates (`rules` filters)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from annotations import rules as passage_rules
from annotations.models import HIDDEN, Visibility
from core.errors import NotFound, Refused, Suspended
from core.members import is_moderator, is_signed_in, suspension_notice
from debates import rules as debate_rules
from debates.models import Counterargument
from debates.rules import raise_if

__all__ = [
    "already_appealed",
    "nothing_to_appeal",
    "appeal_refusal",
    "can_appeal",
    "can_appoint",
    "can_flag",
    "can_lock",
    "can_moderate",
    "can_see",
    "flag_refusal",
    "moderation_refusal",
    "no_such_item",
    "raise_if",
]

# Items still open to flags: visible ones, and those already hidden pending review
# (more flags strengthen the case; the moderator sees them all).
FLAGGABLE = (Visibility.VISIBLE, Visibility.PENDING_REVIEW)


def can_see(user, target) -> bool:
    """Whether this reader may see the passage or answer: its own app's one visibility
    rule (an answer under a hidden passage is as hidden as the passage)."""
    if isinstance(target, Counterargument):
        return debate_rules.can_read(user, target)
    return passage_rules.can_read(user, target)


def no_such_item() -> NotFound:
    """What a reader is told about an item that is missing or hidden from them: the same
    404 either way, so a flag cannot probe for hidden items."""
    return NotFound(_("There is no such item (it may have been deleted)."))


def flag_refusal(user, target) -> Exception | None:
    """Why this member may not flag this passage or answer, or None. An item hidden from
    them does not exist for them (checked before anything that would tell it apart)."""
    if not is_signed_in(user):
        return Refused(_("Sign in to flag."), code="signed_out")
    if not can_see(user, target):
        return no_such_item()
    notice = suspension_notice(user)
    if notice:
        return Suspended(notice)
    if target.author_id == user.pk:
        return ValidationError(_("You can't flag your own words."), code="own")
    if target.visibility not in FLAGGABLE:
        return ValidationError(_("This is already hidden or removed."), code="not_visible")
    return None


def can_flag(user, target) -> bool:
    return flag_refusal(user, target) is None


def can_moderate(user) -> bool:
    return is_moderator(user)


def can_lock(user) -> bool:
    """Lock or unlock a debate: moderators (the Moderators group holds the permission)
    and administrators."""
    return bool(
        is_signed_in(user) and (user.is_superuser or user.has_perm("annotations.lock_debate"))
    )


def can_appoint(user) -> bool:
    """Make a member a moderator or remove them: administrators only (a moderator does
    not choose their colleagues)."""
    return bool(is_signed_in(user) and user.is_superuser)


def moderation_refusal(moderator, target) -> Exception | None:
    """Why a moderator may not change this passage or answer, or None: what its author
    removed is theirs alone (moderators never bring words back)."""
    if target.visibility == Visibility.REMOVED_BY_AUTHOR:
        return ValidationError(_("Its author already removed this."), code="removed")
    return None


# Items whose author may appeal: hidden (automatically or by a moderator) or removed by a
# moderator. The same tuple as annotations.models.HIDDEN, named for what it means here.
APPEALABLE = HIDDEN


def already_appealed() -> str:
    return _("You appealed this already; the moderators' decision on it is final.")


def nothing_to_appeal() -> str:
    return _("There is nothing to appeal: this item is not hidden or removed by a moderator.")


def appeal_refusal(user, target, *, appealed: bool) -> Exception | None:
    """Why this member may not appeal the decision on this passage or answer, or None.
    Only its author, once, while it is hidden or removed by a moderator. A suspension does
    not stop an appeal (it stops writing to the debate, not contesting a decision)."""
    if not is_signed_in(user):
        return Refused(_("Sign in to appeal."), code="signed_out")
    if not can_see(user, target):
        return no_such_item()
    if target.author_id != user.pk:
        return Refused(_("Only its author can appeal a decision on an item."), code="not_author")
    if appealed:
        return ValidationError(already_appealed(), code="duplicate")
    if target.visibility not in APPEALABLE:
        return ValidationError(nothing_to_appeal(), code="not_moderated")
    return None


def can_appeal(user, target, *, appealed: bool) -> bool:
    return appeal_refusal(user, target, appealed=appealed) is None


def can_decide_appeals(user) -> bool:
    return is_moderator(user)
