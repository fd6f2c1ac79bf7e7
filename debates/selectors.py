"""Reads for the reading page and a passage's debate, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight

from . import ranking
from .models import Counterargument, Flag, ModerationAction, Notification, Vote

CONTESTED = 10


@dataclass
class ThreadItem:
    item: Counterargument
    my_vote: int = 0
    children: list["ThreadItem"] = field(default_factory=list)

    @property
    def descendants(self) -> int:
        return sum(1 + child.descendants for child in self.children)


def passage_thread(*, highlight: Highlight, user, ordering: str = "best") -> list[ThreadItem]:
    """The passage's answers as a tree, top level in the chosen order, replies best first.
    Two queries whatever its size: the items, and the reader's votes."""
    key = ranking.sort_key(ordering)
    items = list(
        Counterargument.objects.filter(highlight=highlight)
        .visible_to(user)
        .select_related("author")
        .order_by("created", "pk")
    )
    votes = {}
    if user is not None and user.is_authenticated and items:
        votes = dict(
            Vote.objects.filter(user=user, counterargument__highlight=highlight).values_list(
                "counterargument_id", "value"
            )
        )
    nodes = {ca.pk: ThreadItem(ca, votes.get(ca.pk, 0)) for ca in items}
    roots = []
    for ca in items:
        if ca.parent_id is None:
            roots.append(nodes[ca.pk])
        elif ca.parent_id in nodes:
            nodes[ca.parent_id].children.append(nodes[ca.pk])
        # A reply under an item this reader may not see is not shown either.
    reply_key = ranking.sort_key("best")
    for node in nodes.values():
        node.children.sort(key=lambda n: reply_key(n.item))
    roots.sort(key=lambda n: key(n.item))
    return roots


@dataclass
class ReadingPage:
    article: Article
    blocks: list
    contested: list[Highlight]
    passages: list[Highlight]
    orphans: list[Highlight]


def reading_page(article: Article) -> ReadingPage:
    page = annotation_selectors.reading_page(article)
    contested = sorted(
        (h for h in page.passages if h.answers), key=lambda h: (-h.answers, h.start)
    )[:CONTESTED]
    return ReadingPage(
        article=article,
        blocks=page.blocks,
        contested=contested,
        passages=page.passages,
        orphans=page.orphans,
    )


def unread_notifications(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read=False).count()


def notifications(user):
    return Notification.objects.filter(recipient=user).select_related(
        "actor", "counterargument__highlight"
    )[:100]


# --------------------------------------------------------------------------------------
# Moderation
# --------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    """A flagged passage or answer with its open flags."""

    kind: str  # "counterargument" or "highlight"
    item: Counterargument | Highlight
    flags: list[Flag]
    first_flagged: datetime


def moderation_queue(*, user, limit: int = 100) -> list[QueueItem]:
    """Items with open flags, most-flagged first, then the longest waiting. One query
    whatever the queue's length. `user` is the moderator asking (callers check that);
    every moderator sees the same queue."""
    flags = list(
        Flag.objects.filter(state=Flag.State.OPEN)
        .select_related("counterargument__author", "highlight__author")
        .order_by("created", "pk")
    )
    grouped: dict[tuple[str, int], list[Flag]] = {}
    for flag in flags:
        key = (
            ("counterargument", flag.counterargument_id)
            if flag.counterargument_id
            else ("highlight", flag.highlight_id)
        )
        grouped.setdefault(key, []).append(flag)
    queue = [
        QueueItem(kind=kind, item=group[0].target, flags=group, first_flagged=group[0].created)
        for (kind, _pk), group in grouped.items()
    ]
    queue.sort(key=lambda entry: (-len(entry.flags), entry.first_flagged, entry.item.pk))
    return queue[:limit]


def moderation_log():
    """The append-only audit log, newest first."""
    return ModerationAction.objects.select_related("moderator", "member").order_by(
        "-created", "-pk"
    )
