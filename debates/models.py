from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from annotations.models import HIDDEN, Highlight, Visibility, is_moderator


class Stance(models.TextChoices):
    REFUTES = "refutes", _("Refutes")
    QUALIFIES = "qualifies", _("Qualifies")
    SUPPORTS = "supports", _("Supports")
    ASKS = "asks", _("Asks")


class CounterargumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a reader may open: visible items, removed ones as placeholders (so threads
        stay readable), and hidden ones only for their author and moderators."""
        if is_moderator(user):
            return self
        shown = Q(
            visibility__in=[
                Visibility.VISIBLE,
                Visibility.REMOVED_BY_AUTHOR,
                Visibility.REMOVED_BY_MODERATOR,
            ]
        )
        if user is not None and user.is_authenticated:
            shown |= Q(author=user)
        return self.filter(shown)


class Counterargument(models.Model):
    """An answer to a passage (parent is null) or a reply to another answer. The body is
    Markdown; its sanitised HTML is rendered once, on write."""

    MAX_BODY = 10_000
    MAX_SOURCES = 5
    FREE_EDIT_MINUTES = 15

    highlight = models.ForeignKey(
        Highlight, on_delete=models.CASCADE, related_name="counterarguments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counterarguments"
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    body = models.TextField(_("body"))
    body_html = models.TextField(editable=False)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    edited = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = CounterargumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("counterargument")
        verbose_name_plural = _("counterarguments")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["highlight", "parent", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="counterargument_known_stance"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="counterargument_known_visibility",
            ),
        ]
        permissions = [("moderate", _("Can moderate counterarguments and passages"))]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.body[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("passage", args=[self.highlight.article_id, self.highlight_id]) + (
            f"#ca-{self.pk}"
        )

    @property
    def score(self) -> int:
        return self.upvotes - self.downvotes

    @property
    def is_removed(self) -> bool:
        return self.visibility == Visibility.REMOVED_BY_AUTHOR

    @property
    def is_removed_by_moderator(self) -> bool:
        return self.visibility == Visibility.REMOVED_BY_MODERATOR

    @property
    def is_hidden(self) -> bool:
        return self.visibility in HIDDEN

    @property
    def is_open(self) -> bool:
        """Can be replied to and voted on."""
        return self.visibility == Visibility.VISIBLE


class CounterargumentVersion(models.Model):
    """A text a counterargument had before a late edit, kept for readers and moderators."""

    counterargument = models.ForeignKey(
        Counterargument, on_delete=models.CASCADE, related_name="versions"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    body = models.TextField()
    sources = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.counterargument_id} before {self.created:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    counterargument = models.ForeignKey(
        Counterargument, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "counterargument"], name="one_vote_per_member"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_up_or_down"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d} on {self.counterargument_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("replied to you")
        COUNTER = "counter", _("answered your passage")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    counterargument = models.ForeignKey(
        Counterargument, on_delete=models.CASCADE, related_name="notifications"
    )
    read = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_kind_display()}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    HARASSMENT = "harassment", _("Harassment")
    OFF_TOPIC = "off_topic", _("Off-topic")
    MISINFORMATION = "misinformation", _("Misinformation")
    OTHER = "other", _("Other")


class Flag(models.Model):
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
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(highlight__isnull=False, counterargument__isnull=True)
                    | Q(highlight__isnull=True, counterargument__isnull=False)
                ),
                name="flag_exactly_one_target",
            ),
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
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} by {self.user}"

    @property
    def target(self):
        return self.counterargument or self.highlight


class AppendOnly(Exception):
    pass


class ModerationActionQuerySet(models.QuerySet):
    """Bulk writes would bypass the model's guards, so the log refuses them too. On
    PostgreSQL a trigger refuses UPDATE and DELETE as well, for whatever reaches the
    database without the ORM."""

    def update(self, **kwargs):
        raise AppendOnly("The moderation log is append-only.")

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        # Refused before it opens its own transaction (it would call update() inside).
        raise AppendOnly("The moderation log is append-only.")

    bulk_update.alters_data = True

    def delete(self):
        raise AppendOnly("The moderation log is append-only.")

    delete.alters_data = True
    delete.queryset_only = True


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

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_actions",
        help_text=_("Empty for automatic actions."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("target type"), max_length=20)
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
