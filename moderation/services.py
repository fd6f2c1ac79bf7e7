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
from core.members import (
    MODERATORS_GROUP,
    is_moderator,
    require_member,
    require_moderator,
    require_signed_in,
)
from core.ratelimit import enforce_rate_limit
from debates.models import Counterargument, Notification
from debates.services import refresh_answer_count

from . import rules, selectors, weights
from .models import (
    Appeal,
    AppealDecision,
    Decision,
    Flag,
    FlagReason,
    ModerationAction,
    SuspensionDuration,
    TargetType,
)

Action = ModerationAction.Action
Kind = Notification.Kind

# What each action does to an item's visibility.
VISIBILITY_AFTER = {
    Action.HIDE: Visibility.HIDDEN_BY_MODERATOR,
    Action.REMOVE: Visibility.REMOVED_BY_MODERATOR,
    Action.RESTORE: Visibility.VISIBLE,
    Action.KEEP: Visibility.VISIBLE,
}
ITEM_ACTIONS = tuple(VISIBILITY_AFTER)

# What an item's author is told when its visibility becomes this.
AUTHOR_NOTICE: dict[str, str] = {
    Visibility.PENDING_REVIEW: Kind.AUTO_HIDDEN,
    Visibility.HIDDEN_BY_MODERATOR: Kind.HIDDEN,
    Visibility.REMOVED_BY_MODERATOR: Kind.REMOVED,
    Visibility.VISIBLE: Kind.RESTORED,
}


def _about(item) -> dict:
    """The notification's item field for a passage or an answer (none for a member)."""
    if isinstance(item, Counterargument):
        return {"counterargument": item}
    if isinstance(item, Highlight):
        return {"highlight": item}
    return {}


def _notify(*, recipient_id: int, kind: str, actor=None, item=None, reason="", until=None):
    """Tell a member what the moderators decided. Caller is inside the decision's
    transaction: the notice stands or falls with it. Nobody is told of their own act."""
    if actor is not None and actor.pk == recipient_id:
        return
    Notification.objects.create(
        recipient_id=recipient_id,
        actor=actor,
        kind=kind,
        reason=reason,
        until=until,
        **_about(item),
    )


def _notify_flaggers(*, flagger_ids, upheld: bool, moderator, item) -> None:
    """Each member whose open flag a decision closed learns whether it was upheld (not
    the moderator's reason: that is said to the author)."""
    kind = Kind.FLAG_UPHELD if upheld else Kind.FLAG_DISMISSED
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, actor=moderator, kind=kind, **_about(item))
        for pk in sorted(set(flagger_ids))
        if pk != moderator.pk
    )


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
        _notify(recipient_id=target.author_id, kind=Kind.AUTO_HIDDEN, item=target)
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
    (dismissed for keep/restore, upheld otherwise) and their flaggers told; the author is
    told of a change of visibility, with the reason. Logged only when something changed."""
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
    target = _locked_item(target)
    rules.raise_if(rules.moderation_refusal(moderator, target))
    return _change(
        moderator=moderator,
        target=target,
        action=action,
        visibility=VISIBILITY_AFTER[Action(action)],
        reason=reason,
    )


def _locked_item(target):
    model = type(target)
    try:
        return lock(model.objects.filter(pk=target.pk)).get()
    except model.DoesNotExist:
        raise ValidationError(_("This item no longer exists."), code="not_found") from None


def _change(
    *, moderator, target, action: str, visibility: str, reason: str, always_log: bool = False
) -> ModerationAction | None:
    """Give a locked item this visibility, close its open flags, tell the flaggers and the
    author, and log it (unless nothing changed and `always_log` is off)."""
    field = TargetType.of(target)
    flags = Flag.objects.filter(state=Flag.State.OPEN, **{field: target})
    # Read before they close; the item's row lock keeps new flags out meanwhile.
    flagger_ids = list(flags.values_list("user_id", flat=True))
    upheld = visibility != Visibility.VISIBLE
    closed = flags.update(state=Flag.State.UPHELD if upheld else Flag.State.DISMISSED)
    before = {"visibility": target.visibility, "open_flags": closed}
    changed = target.visibility != visibility
    if not changed and not closed and not always_log:
        return None
    if changed:
        target.visibility = visibility
        target.moderation_note = reason if visibility != Visibility.VISIBLE else ""
        target.save(update_fields=["visibility", "moderation_note"])
        if isinstance(target, Counterargument):
            refresh_answer_count(target.highlight_id)
        else:
            reading_changed(article_id=target.article_id)
    if closed:
        _notify_flaggers(flagger_ids=flagger_ids, upheld=upheld, moderator=moderator, item=target)
    if changed and action not in (Action.APPEAL_RESTORE,):
        _notify(
            recipient_id=target.author_id,
            kind=AUTHOR_NOTICE[visibility],
            actor=moderator,
            item=target,
            reason=reason,
        )
    return _log(
        moderator=moderator,
        action=action,
        item=target,
        member=target.author,
        reason=reason,
        before=before,
        after={"visibility": visibility},
    )


@retrying_atomic
def member_suspend(*, moderator, member, duration: str, reason: str, item=None) -> ModerationAction:
    """Make a member read-only for 1, 7 or 30 days or permanently; they are told, with the
    end and the reason (and the item that led to it, from the queue)."""
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
    _notify(
        recipient_id=member.pk,
        kind=Kind.SUSPENDED,
        actor=moderator,
        item=item,
        reason=reason,
        until=member.suspended_until,
    )
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
            moderator=moderator,
            member=target.author,
            duration=duration,
            reason=reason,
            item=target,
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
    # Each refusal names its item, and one refusal refuses the whole batch: nothing is
    # half-done (the transaction rolls back what the items before it changed).
    done = 0
    for target in targets:
        try:
            done += (
                1
                if moderate(moderator=moderator, target=target, action=action, reason=reason)
                else 0
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise  # the decision itself is wrong (a missing reason): said once
            raise ValidationError(
                _("Nothing was changed. %(item)s: %(why)s")
                % {"item": _named(target), "why": " ".join(exc.messages)},
                code=exc.code or "refused",
            ) from None
    return done


def _named(item) -> str:
    """An item as a refusal names it: "Bob's answer #12"."""
    if isinstance(item, Counterargument):
        return _("%(member)s's answer #%(id)d") % {"member": item.author.public_name, "id": item.pk}
    return _("%(member)s's passage #%(id)d") % {"member": item.author.public_name, "id": item.pk}


# Appeals -----------------------------------------------------------------------------


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": ValidationError(_("Say why the decision should change."), code="required")}
        )
    if len(note) > Appeal.MAX_NOTE:
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Keep the note to %(max)d characters (it has %(n)d).")
                    % {"max": Appeal.MAX_NOTE, "n": len(note)},
                    code="too_long",
                )
            }
        )
    return note


@retrying_atomic
def appeal_create(*, user, target, note: str) -> Appeal:
    """The author of a hidden or removed passage or answer asks the moderators to look
    again, once per item, with a note. Suspended members may appeal: a suspension stops
    writing to the debate, not contesting the decision that led to it."""
    require_signed_in(user, _("Sign in to appeal."))
    # Permission first: an item hidden from this reader does not exist for them.
    # (Read again: the caller's copy may predate the decision.)
    fresh = type(target).objects.select_related("author").get(pk=target.pk)
    rules.raise_if(rules.appeal_refusal(user, fresh, appealed=False))
    # The lock order of core.db: the member's row (the rate limit), then the item's.
    enforce_rate_limit(user=user, kind="appeal", recent=Appeal.objects.filter(appellant=user))
    target = _locked_item(target)
    field = TargetType.of(target)
    appealed = Appeal.objects.filter(**{field: target}).exists()
    rules.raise_if(rules.appeal_refusal(user, target, appealed=appealed))
    note = _clean_note(note)
    decision = selectors.latest_decision(target)
    if decision is None:  # hidden without a logged decision: nothing to appeal against
        raise ValidationError(rules.nothing_to_appeal(), code="not_moderated")
    try:
        with transaction.atomic():
            return Appeal.objects.create(
                appellant=user, decision=decision, note=note, **{field: target}
            )
    except IntegrityError:
        raise ValidationError(rules.already_appealed(), code="duplicate") from None


@retrying_atomic
def appeal_decide(
    *, moderator, appeal: Appeal, decision: str, reason: str = ""
) -> ModerationAction:
    """A moderator's final word on an appeal: restore the item (its open flags are
    dismissed) or uphold the decision (say why: the author reads it). Logged either way,
    and the author is told."""
    require_moderator(moderator)
    if decision not in AppealDecision.values:
        raise ValidationError(
            {
                "decision": ValidationError(
                    _("Choose to restore the item or to uphold the decision."),
                    code="invalid_decision",
                )
            }
        )
    reason = _clean_reason(reason, required=decision == AppealDecision.UPHOLD)
    # The lock order: the item, then the appeal (nothing else locks appeals).
    target = _locked_item(appeal.target)
    rules.raise_if(rules.moderation_refusal(moderator, target))
    appeal = lock(Appeal.objects.filter(pk=appeal.pk)).get()
    if not appeal.is_open:
        raise ValidationError(
            _("This appeal was decided already; the decision is final."), code="decided"
        )
    if decision == AppealDecision.RESTORE:
        entry = _change(
            moderator=moderator,
            target=target,
            action=Action.APPEAL_RESTORE,
            visibility=Visibility.VISIBLE,
            reason=reason,
            always_log=True,
        )
        assert entry is not None  # always_log
        appeal.state = Appeal.State.RESTORED
        kind = Kind.APPEAL_RESTORED
    else:
        entry = _log(
            moderator=moderator,
            action=Action.APPEAL_UPHOLD,
            item=target,
            member=target.author,
            reason=reason,
            before={"visibility": target.visibility},
            after={"visibility": target.visibility},
        )
        appeal.state = Appeal.State.UPHELD
        kind = Kind.APPEAL_UPHELD
    appeal.decided_by = moderator
    appeal.decided_at = timezone.now()
    appeal.decision_reason = reason
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    _notify(
        recipient_id=appeal.appellant_id, kind=kind, actor=moderator, item=target, reason=reason
    )
    return entry
