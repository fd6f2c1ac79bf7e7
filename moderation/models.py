"""Flags and the moderation log. The tables were created by the debate layer and keep
their names (debates_flag, debates_moderationaction); the models moved here with
SeparateDatabaseAndState, data and the log's append-only trigger untouched."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from annotations.models import Highlight
from debates.models import Counterargument


class TargetType(models.TextChoices):
    """What a flag or a moderation action is about."""

    HIGHLIGHT = "highlight", _("passage")
    COUNTERARGUMENT = "counterargument", _("answer")
    MEMBER = "member", _("member")
    ARTICLE = "article", _("article")

    @classmethod
    def of(cls, item) -> "TargetType":
        """The type of a passage, an answer, a member or an article."""
        from django.contrib.auth import get_user_model

        from annotations.models import Article

        for model, kind in (
            (Counterargument, cls.COUNTERARGUMENT),
            (Highlight, cls.HIGHLIGHT),
            (Article, cls.ARTICLE),
            (get_user_model(), cls.MEMBER),
        ):
            if isinstance(item, model):
                return kind
        raise TypeError(f"Nothing is moderated of type {type(item).__name__}.")


# The kinds a member can flag and a moderator can decide on in the queue.
ITEM_TYPES = (TargetType.HIGHLIGHT, TargetType.COUNTERARGUMENT)


class Decision(models.TextChoices):
    """What a moderator decides on a flagged item: the queue, its bulk form, the admin
    and the API offer exactly these."""

    KEEP = "keep", _("Keep (dismiss the flags)")
    HIDE = "hide", _("Hide")
    REMOVE = "remove", _("Remove")
    RESTORE = "restore", _("Restore")
    SUSPEND = "suspend", _("Suspend the author")


# The decisions that change only the item (bulk decisions, the item's admin actions).
ITEM_DECISIONS = [Decision.KEEP, Decision.HIDE, Decision.REMOVE, Decision.RESTORE]


class SuspensionDuration(models.TextChoices):
    DAY = "1d", _("1 day")
    WEEK = "7d", _("7 days")
    MONTH = "30d", _("30 days")
    PERMANENT = "permanent", _("permanently")

    @property
    def delta(self) -> datetime.timedelta | None:
        """How long it lasts; None for ever."""
        return {
            "1d": datetime.timedelta(days=1),
            "7d": datetime.timedelta(days=7),
            "30d": datetime.timedelta(days=30),
        }.get(self.value)


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    HARASSMENT = "harassment", _("Harassment")
    OFF_TOPIC = "off_topic", _("Off-topic")
    MISINFORMATION = "misinformation", _("Misinformation")
    OTHER = "other", _("Other")


#: A flag or an appeal is about exactly one item: a passage or an answer.
EXACTLY_ONE_ITEM = Q(highlight__isnull=False, counterargument__isnull=True) | Q(
    highlight__isnull=True, counterargument__isnull=False
)


class AboutOneItem:
    """What a flag and an appeal share: the item they are about (EXACTLY_ONE_ITEM)."""

    highlight: Highlight | None
    counterargument: Counterargument | None
    counterargument_id: int | None

    @property
    def target(self) -> Highlight | Counterargument:
        return self.counterargument or self.highlight  # type: ignore[return-value]

    @property
    def kind(self) -> str:
        return TargetType.COUNTERARGUMENT if self.counterargument_id else TargetType.HIGHLIGHT


class Flag(AboutOneItem, models.Model):
    """A member's report of a passage or an answer (exactly one of the two)."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        UPHELD = "upheld", _("upheld")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    highlight = models.ForeignKey(
        Highlight, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    counterargument = models.ForeignKey(
        Counterargument, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # What the flag counts for, fixed when it is raised (moderation/weights.py): the
    # flagger's later record does not reweigh the flags already in the queue.
    weight = models.DecimalField(
        _("weight"), max_digits=4, decimal_places=2, default=Decimal(1), editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "debates_flag"
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(condition=EXACTLY_ONE_ITEM, name="flag_exactly_one_target"),
            models.UniqueConstraint(
                fields=["user", "highlight"],
                condition=Q(highlight__isnull=False),
                name="one_flag_per_member_and_passage",
            ),
            models.UniqueConstraint(
                fields=["user", "counterargument"],
                condition=Q(counterargument__isnull=False),
                name="one_flag_per_member_and_answer",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FlagReason.values), name="flag_known_reason"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="flag_weight_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} by {self.user}"


class AppendOnly(Exception):
    pass


class ModerationActionQuerySet(models.QuerySet):
    """Bulk writes would bypass the model's guards, so the log refuses them too. On
    PostgreSQL a trigger refuses UPDATE and DELETE as well, for whatever reaches the
    database without the ORM."""

    def update(self, **kwargs):
        raise AppendOnly("The moderation log is append-only.")

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(self, objs, fields, batch_size=None):
        # Refused before it opens its own transaction (it would call update() inside).
        raise AppendOnly("The moderation log is append-only.")

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def delete(self):
        raise AppendOnly("The moderation log is append-only.")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class ModerationAction(models.Model):
    """The audit log: every moderator and automatic action, with the state before and
    after. Append-only — saving an existing row or deleting one raises."""

    class Action(models.TextChoices):
        AUTO_HIDE = "auto_hide", _("hidden automatically after flags")
        KEEP = "keep", _("kept (flags dismissed)")
        HIDE = "hide", _("hidden")
        RESTORE = "restore", _("restored")
        REMOVE = "remove", _("removed")
        SUSPEND = "suspend", _("member suspended")
        UNSUSPEND = "unsuspend", _("suspension lifted")
        LOCK = "lock", _("debate locked")
        UNLOCK = "unlock", _("debate unlocked")
        MAKE_MODERATOR = "make_moderator", _("made a moderator")
        REMOVE_MODERATOR = "remove_moderator", _("moderator role removed")
        APPEAL_RESTORE = "appeal_restore", _("restored on appeal")
        APPEAL_UPHOLD = "appeal_uphold", _("appeal rejected")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_actions",
        help_text=_("Empty for automatic actions."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("target type"), max_length=20, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField(_("target id"))
    target_repr = models.CharField(_("target"), max_length=200)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_received",
        help_text=_("The member whose item or account it was."),
    )
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        db_table = "debates_moderationaction"
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("The moderation log is append-only.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The moderation log is append-only.")


class AppealDecision(models.TextChoices):
    """What a moderator decides on an appeal; final either way."""

    RESTORE = "restore", _("Restore the item")
    UPHOLD = "uphold", _("Uphold the decision")


class AppealState(models.TextChoices):
    OPEN = "open", _("waiting for a moderator")
    RESTORED = "restored", _("accepted: restored")
    UPHELD = "upheld", _("rejected: the decision stands")


class Appeal(AboutOneItem, models.Model):
    """An author's request to undo a hide or a removal of their own passage or answer:
    one per item, with a note; a moderator's decision on it is final and logged."""

    MAX_NOTE = 2000

    State = AppealState

    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="appeals",
        verbose_name=_("appellant"),
    )
    highlight = models.ForeignKey(
        Highlight, on_delete=models.CASCADE, null=True, blank=True, related_name="appeals"
    )
    counterargument = models.ForeignKey(
        Counterargument, on_delete=models.CASCADE, null=True, blank=True, related_name="appeals"
    )
    # The log entry of the decision appealed (the item's latest hide or removal).
    decision = models.ForeignKey(
        ModerationAction,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("decision appealed"),
    )
    note = models.TextField(_("note"), max_length=MAX_NOTE)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(_("reason of the decision"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(condition=EXACTLY_ONE_ITEM, name="appeal_exactly_one_target"),
            # Once per item: the decision on an appeal is final.
            models.UniqueConstraint(
                fields=["highlight"],
                condition=Q(highlight__isnull=False),
                name="one_appeal_per_passage",
            ),
            models.UniqueConstraint(
                fields=["counterargument"],
                condition=Q(counterargument__isnull=False),
                name="one_appeal_per_answer",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AppealState.values), name="appeal_known_state"
            ),
            models.CheckConstraint(
                condition=Q(state=AppealState.OPEN) | Q(decided_at__isnull=False),
                name="appeal_decided_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "created"])]

    def __str__(self) -> str:
        return f"Appeal by {self.appellant} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
