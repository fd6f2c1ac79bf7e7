"""Flags and moderation. Moderators change who may see an item, never its words; every
change they (or the automatic threshold) make is written to the append-only log."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations.models import Article, Highlight, Visibility
from annotations.services import reading_changed
from core.db import lock, retrying_atomic
from core.errors import Refused
from core.members import MODERATORS_GROUP, is_moderator, require_member, require_moderator
from core.ratelimit import enforce_rate_limit
from debates.models import Counterargument
from debates.services import refresh_answer_count

from . import rules, selectors, weights
from .models import Decision, Flag, FlagReason, ModerationAction, SuspensionDuration, TargetType

Action = ModerationAction.Action

# What each action does to an item's visibility.
VISIBILITY_AFTER = {
    Action.HIDE: Visibility.HIDDEN_BY_MODERATOR,
    Action.REMOVE: Visibility.REMOVED_BY_MODERATOR,
    Action.RESTORE: Visibility.VISIBLE,
    Action.KEEP: Visibility.VISIBLE,
}
ITEM_ACTIONS = tuple(VISIBILITY_AFTER)


def _describe(item) -> str:
    if isinstance(item, Counterargument):
        return f"#{item.pk} {item.body[:150]}"
    if isinstance(item, Highlight):
        return f"#{item.pk} “{item.exact[:150]}”"
    return str(item)[:200]


def _target_type(item) -> str:
    return TargetType.of(item)


def _log(*, moderator, action, item, member, reason="", before=None, after=None):
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_type=_target_type(item),
        target_id=item.pk,
        target_repr=_describe(item),
        member=member,
        reason=reason,
        before=before or {},
        after=after or {},
    )


def target_for(target_type: str, target_id):
    """The flaggable item named by type and id, or a clear error."""
    models: dict[str, type[Counterargument] | type[Highlight]] = {
        TargetType.COUNTERARGUMENT: Counterargument,
        TargetType.HIGHLIGHT: Highlight,
    }
    if target_type not in models:
        raise ValidationError(
            {
                "target_type": ValidationError(
                    _("Flag a “highlight” or a “counterargument”."), code="invalid_target"
                )
            }
        )
    try:
        related: dict[str, tuple[str, str]] = {
            TargetType.COUNTERARGUMENT: ("author", "highlight__article"),
            TargetType.HIGHLIGHT: ("author", "article"),
        }
        return (
            models[target_type].objects.select_related(*related[target_type]).get(pk=int(target_id))
        )
    except (TypeError, ValueError, models[target_type].DoesNotExist):
        raise ValidationError(
            {
                "target_id": ValidationError(
                    _("There is no such item (it may have been deleted)."), code="not_found"
                )
            }
        ) from None


def flaggable_target(*, user, target_type: str, target_id):
    """The passage or answer a member names to flag, if they may see it; NotFound (404)
    when it is missing or hidden from them, the same answer either way."""
    try:
        target = target_for(target_type, target_id)
    except ValidationError as exc:
        if "target_id" in getattr(exc, "error_dict", {}):
            raise rules.no_such_item() from None
        raise
    if not rules.can_see(user, target):
        raise rules.no_such_item()
    return target


@retrying_atomic
def flag_create(*, user, target, reason: str, note: str = "") -> Flag:
    """A member reports a passage or an answer; the flag weighs what its flagger's record
    earns (moderation/weights.py). When the open flags' total weight reaches
    settings.FLAG_HIDE_WEIGHT, the item is hidden pending review (logged as an automatic
    action)."""
    require_member(user, _("Sign in to flag."))
    if not rules.can_see(user, target):
        # Before the reason is checked: nothing may tell a hidden item from a missing one.
        raise rules.no_such_item()
    if reason not in FlagReason.values:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Choose a reason: %(reasons)s.")
                    % {"reasons": ", ".join(str(label).lower() for label in FlagReason.labels)},
                    code="invalid_reason",
                )
            }
        )
    note = (note or "").strip()
    if reason == FlagReason.OTHER and not note:
        raise ValidationError(
            {"note": ValidationError(_("Say what is wrong."), code="note_required")}
        )
    if len(note) > 500:
        raise ValidationError(
            {"note": ValidationError(_("Keep the note under 500 characters."), code="too_long")}
        )
    model = type(target)
    rules.raise_if(rules.flag_refusal(user, target))
    # The lock order of core.db: the member's row (the rate limit), then the item's.
    enforce_rate_limit(user=user, kind="flag", recent=Flag.objects.filter(user=user))
    target = lock(model.objects.filter(pk=target.pk)).get()
    rules.raise_if(rules.flag_refusal(user, target))
    field = TargetType.of(target)
    if Flag.objects.filter(user=user, **{field: target}).exists():
        raise ValidationError(_("You already flagged this."), code="duplicate")
    # Weighed on the record before this flag (which is neither upheld nor rejected yet).
    weight = weights.flag_weight(selectors.flagger_record(user))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                user=user, reason=reason, note=note, weight=weight, **{field: target}
            )
    except IntegrityError:
        raise ValidationError(_("You already flagged this."), code="duplicate") from None
    open_weight = Flag.objects.filter(state=Flag.State.OPEN, **{field: target}).aggregate(
        total=Sum("weight")
    )["total"]
    if target.visibility == Visibility.VISIBLE and open_weight >= settings.FLAG_HIDE_WEIGHT:
        before = {"visibility": target.visibility}
        target.visibility = Visibility.PENDING_REVIEW
        target.save(update_fields=["visibility"])
        if model is Counterargument:
            refresh_answer_count(target.highlight_id)
        else:
            reading_changed(article_id=target.article_id)
        _log(
            moderator=None,
            action=Action.AUTO_HIDE,
            item=target,
            member=target.author,
            reason=_("Its flags weigh %(weight)s; %(threshold)s hides an item.")
            % {
                "weight": weights.number(open_weight),
                "threshold": weights.number(Decimal(settings.FLAG_HIDE_WEIGHT)),
            },
            before=before,
            # The figures again, so the log can say the reason in each reader's language.
            after={
                "visibility": target.visibility,
                "flag_weight": weights.number(open_weight),
                "threshold": weights.number(Decimal(settings.FLAG_HIDE_WEIGHT)),
            },
        )
    return flag


# The decisions a member is told the reason for (the API's schema states it too).
ACTIONS_NEEDING_A_REASON = (Action.HIDE, Action.REMOVE, Action.SUSPEND)


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give a reason; the member will see it."), code="required"
                )
            }
        )
    if len(reason) > 500:
        raise ValidationError(
            {"reason": ValidationError(_("Keep the reason under 500 characters."), code="too_long")}
        )
    return reason


@retrying_atomic
def moderate(*, moderator, target, action: str, reason: str = "") -> ModerationAction | None:
    """Keep, hide, remove or restore a passage or an answer. Open flags on it are closed
    (dismissed for keep/restore, upheld otherwise). Logged only when something changed."""
    require_moderator(moderator)
    if action not in ITEM_ACTIONS:
        raise ValidationError(
            {
                "action": ValidationError(
                    _("Choose keep, hide, remove or restore."), code="invalid_action"
                )
            }
        )
    reason = _clean_reason(reason, required=action in ACTIONS_NEEDING_A_REASON)
    model = type(target)
    try:
        target = lock(model.objects.filter(pk=target.pk)).get()
    except model.DoesNotExist:
        raise ValidationError(_("This item no longer exists."), code="not_found") from None
    if target.visibility == Visibility.REMOVED_BY_AUTHOR:
        raise ValidationError(_("Its author already removed this."), code="removed")
    field = TargetType.of(target)
    flags = Flag.objects.filter(state=Flag.State.OPEN, **{field: target})
    closed = flags.update(
        state=Flag.State.DISMISSED if action in (Action.KEEP, Action.RESTORE) else Flag.State.UPHELD
    )
    before = {"visibility": target.visibility, "open_flags": closed}
    after_visibility = VISIBILITY_AFTER[Action(action)]
    if target.visibility == after_visibility and not closed:
        return None
    target.visibility = after_visibility
    target.moderation_note = reason if after_visibility != Visibility.VISIBLE else ""
    target.save(update_fields=["visibility", "moderation_note"])
    if model is Counterargument:
        refresh_answer_count(target.highlight_id)
    else:
        reading_changed(article_id=target.article_id)
    return _log(
        moderator=moderator,
        action=action,
        item=target,
        member=target.author,
        reason=reason,
        before=before,
        after={"visibility": after_visibility},
    )


@retrying_atomic
def member_suspend(*, moderator, member, duration: str, reason: str) -> ModerationAction:
    """Make a member read-only for 1, 7 or 30 days or permanently; they see the reason."""
    require_moderator(moderator)
    if duration not in SuspensionDuration.values:
        raise ValidationError(
            {
                "duration": ValidationError(
                    _("Choose how long: %(durations)s.")
                    % {"durations": ", ".join(str(label) for label in SuspensionDuration.labels)},
                    code="invalid_duration",
                )
            }
        )
    reason = _clean_reason(reason, required=Action.SUSPEND in ACTIONS_NEEDING_A_REASON)
    User = get_user_model()
    member = lock(User.objects.filter(pk=member.pk)).get()
    if member.pk == moderator.pk:
        raise ValidationError(_("You can't suspend yourself."), code="self")
    if member.is_superuser or (is_moderator(member) and not moderator.is_superuser):
        raise Refused(_("Only an administrator can suspend a moderator."))
    before = {
        "suspended_until": member.suspended_until.isoformat() if member.suspended_until else None
    }
    delta = SuspensionDuration(duration).delta
    member.suspended_until = User.PERMANENT if delta is None else timezone.now() + delta
    member.suspension_reason = reason
    member.save(update_fields=["suspended_until", "suspension_reason"])
    return _log(
        moderator=moderator,
        action=Action.SUSPEND,
        item=member,
        member=member,
        reason=reason,
        before=before,
        after={"suspended_until": member.suspended_until.isoformat(), "duration": duration},
    )


@retrying_atomic
def member_unsuspend(*, moderator, member, reason: str = "") -> ModerationAction | None:
    require_moderator(moderator)
    User = get_user_model()
    member = lock(User.objects.filter(pk=member.pk)).get()
    if not member.is_suspended:
        return None
    before = {"suspended_until": member.suspended_until.isoformat()}
    member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["suspended_until", "suspension_reason"])
    return _log(
        moderator=moderator,
        action=Action.UNSUSPEND,
        item=member,
        member=member,
        reason=_clean_reason(reason, required=False),
        before=before,
        after={"suspended_until": None},
    )


@retrying_atomic
def member_set_moderator(
    *, actor, member, moderator: bool, reason: str = ""
) -> ModerationAction | None:
    """Make a member a moderator (the Moderators group and staff status, in one step), or
    remove both. Administrators only; logged; None when the member already was so."""
    require_member(actor, _("Sign in first."))
    if not rules.can_appoint(actor):
        raise Refused(_("Only an administrator can make or remove moderators."))
    reason = _clean_reason(reason, required=False)
    User = get_user_model()
    member = lock(User.objects.filter(pk=member.pk)).get()
    if member.is_superuser:
        raise ValidationError(
            _("An administrator moderates already; there is nothing to change."),
            code="administrator",
        )
    if moderator and member.is_suspended:
        raise ValidationError(
            _("Lift the suspension before making this member a moderator."), code="suspended"
        )
    try:
        group = Group.objects.get(name=MODERATORS_GROUP)
    except Group.DoesNotExist:
        raise ValidationError(
            _("The Moderators group is missing; run the migrations."), code="no_group"
        ) from None
    in_group = member.groups.filter(pk=group.pk).exists()
    if (in_group, member.is_staff) == (moderator, moderator):
        return None
    before = {"moderators_group": in_group, "is_staff": member.is_staff}
    if moderator:
        member.groups.add(group)
    else:
        member.groups.remove(group)
    member.is_staff = moderator
    member.save(update_fields=["is_staff"])
    return _log(
        moderator=actor,
        action=Action.MAKE_MODERATOR if moderator else Action.REMOVE_MODERATOR,
        item=member,
        member=member,
        reason=reason,
        before=before,
        after={"moderators_group": moderator, "is_staff": moderator},
    )


@retrying_atomic
def debate_lock(
    *, moderator, article: Article, locked: bool, reason: str = ""
) -> ModerationAction | None:
    """Lock (no new passages, answers or votes) or unlock an article's debate."""
    require_member(moderator, _("Sign in first."))
    if not rules.can_lock(moderator):
        raise Refused(_("Only moderators can lock a debate."))
    article = lock(Article.objects.filter(pk=article.pk)).get()
    if article.debate_locked == locked:
        return None
    before = {"debate_locked": article.debate_locked}
    article.debate_locked = locked
    article.save(update_fields=["debate_locked"])
    return _log(
        moderator=moderator,
        action=Action.LOCK if locked else Action.UNLOCK,
        item=article,
        member=article.imported_by,
        reason=_clean_reason(reason, required=False),
        before=before,
        after={"debate_locked": locked},
    )


@retrying_atomic
def decide(
    *, moderator, target, action: str, reason: str = "", duration: str = ""
) -> list[ModerationAction]:
    """A review-queue decision: keep, hide, remove or restore the item, and (with a
    duration, or the action "suspend") suspend its author too. Both stand or fall together;
    returns the log entries written (none when nothing changed), the item's first."""
    suspension = done = None
    # The member's row before the item's: the lock order of core.db.
    if action == Decision.SUSPEND or duration:
        suspension = member_suspend(
            moderator=moderator, member=target.author, duration=duration, reason=reason
        )
    if action != Decision.SUSPEND:
        done = moderate(moderator=moderator, target=target, action=action, reason=reason)
    return [entry for entry in (done, suspension) if entry is not None]


def bulk_moderate(*, moderator, targets, action: str, reason: str = "") -> int:
    """The same action on many items (a spam wave); each is logged on its own."""
    require_moderator(moderator)
    return _bulk(moderator=moderator, targets=list(targets), action=action, reason=reason)


@retrying_atomic
def _bulk(*, moderator, targets, action: str, reason: str) -> int:
    return sum(
        1
        for target in targets
        if moderate(moderator=moderator, target=target, action=action, reason=reason)
    )
