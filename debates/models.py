from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from annotations.models import HIDDEN, Highlight, Visibility


class Stance(models.TextChoices):
    REFUTES = "refutes", _("Refutes")
    QUALIFIES = "qualifies", _("Qualifies")
    SUPPORTS = "supports", _("Supports")
    ASKS = "asks", _("Asks")


class SearchKind(models.TextChoices):
    """What search finds, in the order the results page groups them."""

    ARTICLE = "article", _("Articles")
    PASSAGE = "passage", _("Passages")
    COUNTERARGUMENT = "counterargument", _("Counterarguments and replies")


class SearchOrdering(models.TextChoices):
    RELEVANCE = "relevance", _("Most relevant")
    NEWEST = "newest", _("Newest")


class CounterargumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a reader may open: the one rule in rules.answer_visible_q (the item and
        its passage)."""
        from .rules import answer_visible_q

        return self.filter(answer_visible_q(user))


class Counterargument(models.Model):
    """An answer to a passage (parent is null) or a reply to another answer. The body is
    Markdown; its sanitised HTML is rendered once, on write."""

    MAX_BODY = 10_000
    MAX_SOURCES = 5
    FREE_EDIT_MINUTES = 15
    # The same words by the same member on the same passage within this window are a
    # double click or a re-sent form, not a second answer.
    DUPLICATE_WINDOW_SECONDS = 10 * 60

    highlight = models.ForeignKey(
        Highlight,
        on_delete=models.CASCADE,
        related_name="counterarguments",
        verbose_name=_("passage"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="counterarguments",
        verbose_name=_("author"),
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    body = models.TextField(_("body"))
    body_html = models.TextField(editable=False)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)
    # The folded form of the body (annotations.folding), written by the services with
    # every change of the words; what search matches. db_default: rows written by raw SQL
    # (the scale dataset) start empty; `manage.py fold_search_text --empty` fills them.
    search_text = models.TextField(editable=False, blank=True, default="", db_default="")
    upvotes = models.PositiveIntegerField(_("up votes"), default=0)
    downvotes = models.PositiveIntegerField(_("down votes"), default=0)
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
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

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
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["user", "counterargument"], name="one_vote_per_member"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_up_or_down"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d} on {self.counterargument_id}"


class NotificationKind(models.TextChoices):
    """What a notification tells (the one list: the model, its constraint, the API)."""

    REPLY = "reply", _("replied to you")
    COUNTER = "counter", _("answered your passage")
    FLAG_UPHELD = "flag_upheld", _("your flag was upheld")
    FLAG_DISMISSED = "flag_dismissed", _("your flag was not upheld")
    AUTO_HIDDEN = "auto_hidden", _("your item was hidden pending review")
    HIDDEN = "hidden", _("your item was hidden")
    REMOVED = "removed", _("your item was removed")
    RESTORED = "restored", _("your item was restored")
    SUSPENDED = "suspended", _("your account was suspended")
    APPEAL_RESTORED = "appeal_restored", _("your appeal was accepted")
    APPEAL_UPHELD = "appeal_upheld", _("your appeal was rejected")


# The kinds about an answer to the member's words (always name that answer).
ANSWER_KINDS = (NotificationKind.REPLY, NotificationKind.COUNTER)


class Notification(models.Model):
    """Something a member is told: an answer or a reply to their words, or what the
    moderators decided about their flag, their item or their account. A moderation
    notification names the item it is about (an answer or a passage, or neither for a
    suspension) and carries the moderator's reason; it is written in the same
    transaction as the decision (moderation/services.py)."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Empty for what nobody did by hand (an automatic hide).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    counterargument = models.ForeignKey(
        Counterargument,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    highlight = models.ForeignKey(
        Highlight, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    reason = models.TextField(blank=True)
    # The end of a suspension (PERMANENT for one without an end).
    until = models.DateTimeField(null=True, blank=True)
    read = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_known_kind"
            ),
            models.CheckConstraint(
                condition=Q(counterargument__isnull=True) | Q(highlight__isnull=True),
                name="notification_at_most_one_item",
            ),
            # Answers and replies are always about an answer.
            models.CheckConstraint(
                condition=~Q(kind__in=ANSWER_KINDS) | Q(counterargument__isnull=False),
                name="notification_reply_names_its_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor or '-'} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        """The item on its reading page (the answer is the page's target, so it is
        highlighted); the member's own page for a suspension."""
        item = self.item
        if item is not None:
            return item.get_absolute_url()
        return self.recipient.get_absolute_url()

    @property
    def item(self) -> Counterargument | Highlight | None:
        """The answer or passage it is about (None for a suspension)."""
        return self.counterargument or self.highlight
