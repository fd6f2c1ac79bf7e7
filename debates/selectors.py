"""Reads for the reading page and a passage's debate, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight, Visibility

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


@dataclass
class AnnotationEntry:
    kind: str  # "highlight" or "counterargument"
    item: Highlight | Counterargument


def article_annotations(*, article: Article, user) -> list[AnnotationEntry]:
    """The article's anchored passages this reader may see, each followed by its thread
    (answers best first, replies under them), for the W3C export. Removed answers are
    left out: they have no words to export. Two queries."""
    passages = list(
        Highlight.objects.filter(article=article, state=Highlight.State.ANCHORED)
        .visible_to(user)
        .select_related("author")
        .order_by("start", "pk")
    )
    answers = (
        Counterargument.objects.filter(highlight__in=[h.pk for h in passages])
        .visible_to(user)
        .exclude(visibility__in=[Visibility.REMOVED_BY_AUTHOR, Visibility.REMOVED_BY_MODERATOR])
        .select_related("author")
    )
    by_passage: dict[int, list[Counterargument]] = {}
    for ca in answers:
        by_passage.setdefault(ca.highlight_id, []).append(ca)
    entries: list[AnnotationEntry] = []
    for passage in passages:
        entries.append(AnnotationEntry("highlight", passage))
        items = by_passage.get(passage.pk, [])
        for ca in items:
            ca.highlight = passage  # no query per answer for its passage
        entries.extend(AnnotationEntry("counterargument", ca) for ca in _thread_order(items))
    return entries


def _thread_order(items: list[Counterargument]) -> list[Counterargument]:
    """Depth first, best first at every level. Replies whose parent is not in `items`
    (removed) still answer something: they follow, in the same order."""
    key = ranking.sort_key("best")
    children: dict[int | None, list[Counterargument]] = {}
    for ca in items:
        children.setdefault(ca.parent_id, []).append(ca)
    present = {ca.pk for ca in items}
    ordered: list[Counterargument] = []

    def walk(parent_id):
        for ca in sorted(children.get(parent_id, []), key=key):
            ordered.append(ca)
            walk(ca.pk)

    walk(None)
    for parent_id in sorted(pid for pid in children if pid is not None and pid not in present):
        walk(parent_id)
    return ordered
