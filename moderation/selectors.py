"""Reads for moderators: the review queue and the log, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from annotations.models import Highlight
from debates.models import Counterargument

from .models import Flag, ModerationAction, TargetType


@dataclass
class QueueItem:
    """A flagged passage or answer with what a moderator needs to decide on it."""

    kind: str  # TargetType.COUNTERARGUMENT or TargetType.HIGHLIGHT
    item: Counterargument | Highlight
    flags: list[Flag]
    first_flagged: datetime
    author_hides: int  # earlier hides and removals of this author's words

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.item.pk}"

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counts = Counter(flag.get_reason_display() for flag in self.flags)
        return counts.most_common()


QUEUE_SIZE = 100
HIDING_ACTIONS = (
    ModerationAction.Action.AUTO_HIDE,
    ModerationAction.Action.HIDE,
    ModerationAction.Action.REMOVE,
)


def _open_flag_groups():
    return (
        Flag.objects.filter(state=Flag.State.OPEN)
        .values("counterargument_id", "highlight_id")
        .annotate(count=Count("pk"), first=Min("created"))
    )


def moderation_queue_size() -> int:
    """How many items have open flags (one query)."""
    return _open_flag_groups().count()


def moderation_queue(
    *, user=None, limit: int = QUEUE_SIZE, only: tuple[str, int] | None = None
) -> list[QueueItem]:
    """Items with open flags, most-flagged first, then the longest waiting. Five queries
    whatever the queue's length: the groups, the flags, the answers, the passages, and the
    authors' histories. `user` is the moderator asking (callers check that); every
    moderator sees the same queue. `only` narrows it to one item (see queue_item)."""
    groups_query = _open_flag_groups()
    if only is not None:
        kind, pk = only
        groups_query = groups_query.filter(**{f"{kind}_id": pk})
    groups = list(groups_query.order_by("-count", "first")[:limit])
    if not groups:
        return []
    ca_ids = [g["counterargument_id"] for g in groups if g["counterargument_id"]]
    h_ids = [g["highlight_id"] for g in groups if g["highlight_id"]]
    flags: dict[tuple[str, int | None], list[Flag]] = {}
    for flag in (
        Flag.objects.filter(state=Flag.State.OPEN)
        .filter(Q(counterargument_id__in=ca_ids) | Q(highlight_id__in=h_ids))
        .select_related("user")
        .order_by("created", "pk")
    ):
        key = (
            (TargetType.COUNTERARGUMENT, flag.counterargument_id)
            if flag.counterargument_id
            else (
                TargetType.HIGHLIGHT,
                flag.highlight_id,
            )
        )
        flags.setdefault(key, []).append(flag)
    answers = Counterargument.objects.filter(pk__in=ca_ids).select_related(
        "author", "highlight__article", "parent__author"
    )
    passages = Highlight.objects.filter(pk__in=h_ids).select_related("author", "article")
    items: dict[tuple[str, int | None], Counterargument | Highlight] = {
        (TargetType.COUNTERARGUMENT, ca.pk): ca for ca in answers
    }
    items.update({(TargetType.HIGHLIGHT, h.pk): h for h in passages})
    authors = {item.author_id for item in items.values()}
    hides = dict(
        ModerationAction.objects.filter(member_id__in=authors, action__in=HIDING_ACTIONS)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    queue = []
    for group in groups:
        key = (
            (TargetType.COUNTERARGUMENT, group["counterargument_id"])
            if group["counterargument_id"]
            else (TargetType.HIGHLIGHT, group["highlight_id"])
        )
        item = items.get(key)
        if item is None:  # deleted between the two queries
            continue
        queue.append(
            QueueItem(
                kind=key[0],
                item=item,
                flags=flags.get(key, []),
                first_flagged=group["first"],
                author_hides=hides.get(item.author_id, 0),
            )
        )
    return queue


def moderation_log(*, member=None, action: str = ""):
    """The append-only audit log, newest first; optionally one member's entries or one
    action. A queryset, for the callers to page."""
    entries = ModerationAction.objects.select_related("moderator", "member").order_by(
        "-created", "-pk"
    )
    if member is not None:
        entries = entries.filter(member=member)
    if action:
        entries = entries.filter(action=action)
    return entries


def queue_item(*, kind: str, pk: int) -> QueueItem | None:
    """One item of the queue as the queue shows it (None once its flags are closed), so a
    decision re-renders that item alone."""
    found = moderation_queue(limit=1, only=(kind, pk))
    return found[0] if found else None
