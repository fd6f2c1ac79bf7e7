"""Reads for the reading page and a passage's debate, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min, Q, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce

from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight, Visibility, is_moderator

from . import ranking
from .models import Counterargument, Flag, ModerationAction, Notification, Vote

CONTESTED = 10
# A thread shows this many replies under an item and folds the rest behind "N more
# replies"; from this depth on, whole branches start folded.
REPLIES_SHOWN = 3
MAX_DEPTH = 3


@dataclass
class ThreadItem:
    item: Counterargument
    my_vote: int = 0
    children: list["ThreadItem"] = field(default_factory=list)
    # False for an item hidden from this reader: it shows as a placeholder ("hidden
    # pending review"), so the replies under it keep their place in the thread.
    can_see: bool = True

    @property
    def descendants(self) -> int:
        return sum(1 + child.descendants for child in self.children)

    @property
    def first_replies(self) -> list["ThreadItem"]:
        return self.children[:REPLIES_SHOWN]

    @property
    def later_replies(self) -> list["ThreadItem"]:
        return self.children[REPLIES_SHOWN:]

    @property
    def later_count(self) -> int:
        """The folded replies with everything under them."""
        return sum(1 + child.descendants for child in self.later_replies)


def passage_thread(*, highlight: Highlight, user, ordering: str = "best") -> list[ThreadItem]:
    """The passage's answers as a tree, top level in the chosen order, replies best first.
    At most three queries whatever its size: the items, the reader's votes, and the
    earlier versions of items edited late."""
    key = ranking.sort_key(ordering)
    items = list(
        Counterargument.objects.filter(highlight=highlight)
        .select_related("author")
        .order_by("created", "pk")
    )
    privileged = is_moderator(user)
    me = user.pk if user is not None and user.is_authenticated else None
    votes = {}
    if user is not None and user.is_authenticated and items:
        votes = dict(
            Vote.objects.filter(user=user, counterargument__highlight=highlight).values_list(
                "counterargument_id", "value"
            )
        )
    for ca in items:
        # Every item's links need its passage: share the one we have instead of a query each.
        ca.highlight = highlight
    nodes = {
        ca.pk: ThreadItem(
            ca,
            votes.get(ca.pk, 0),
            can_see=not ca.is_hidden or privileged or ca.author_id == me,
        )
        for ca in items
    }
    # Earlier versions are shown under an item's "edited" mark: one more query, only when
    # something this reader may see was edited late.
    prefetch_related_objects(
        [n.item for n in nodes.values() if n.can_see and n.item.edited and not n.item.is_removed],
        "versions",
    )
    roots = []
    for ca in items:
        if ca.parent_id is None:
            roots.append(nodes[ca.pk])
        elif ca.parent_id in nodes:
            nodes[ca.parent_id].children.append(nodes[ca.pk])
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


def reading_page(article: Article, user=None) -> ReadingPage:
    page = annotation_selectors.reading_page(article, user)
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
    """A flagged passage or answer with what a moderator needs to decide on it."""

    kind: str  # "counterargument" or "highlight"
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


def moderation_queue(*, user=None, limit: int = QUEUE_SIZE) -> list[QueueItem]:
    """Items with open flags, most-flagged first, then the longest waiting. Five queries
    whatever the queue's length: the groups, the flags, the answers, the passages, and the
    authors' histories. `user` is the moderator asking (callers check that); every
    moderator sees the same queue."""
    groups = list(_open_flag_groups().order_by("-count", "first")[:limit])
    if not groups:
        return []
    ca_ids = [g["counterargument_id"] for g in groups if g["counterargument_id"]]
    h_ids = [g["highlight_id"] for g in groups if g["highlight_id"]]
    flags: dict[tuple[str, int], list[Flag]] = {}
    for flag in (
        Flag.objects.filter(state=Flag.State.OPEN)
        .filter(Q(counterargument_id__in=ca_ids) | Q(highlight_id__in=h_ids))
        .select_related("user")
        .order_by("created", "pk")
    ):
        key = (
            ("counterargument", flag.counterargument_id)
            if flag.counterargument_id
            else (
                "highlight",
                flag.highlight_id,
            )
        )
        flags.setdefault(key, []).append(flag)
    answers = Counterargument.objects.filter(pk__in=ca_ids).select_related(
        "author", "highlight__article", "parent__author"
    )
    passages = Highlight.objects.filter(pk__in=h_ids).select_related("author", "article")
    items = {("counterargument", ca.pk): ca for ca in answers}
    items.update({("highlight", h.pk): h for h in passages})
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
            ("counterargument", group["counterargument_id"])
            if group["counterargument_id"]
            else ("highlight", group["highlight_id"])
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


@dataclass
class MemberActivity:
    passages: list[Highlight]
    counterarguments: list[Counterargument]
    upvotes: int
    downvotes: int


def member_activity(*, member, viewer, limit: int = 50) -> MemberActivity:
    """A member's profile: the passages they marked, what they wrote (newest first), and
    the votes their words received. Three queries whatever their history."""
    passages = list(
        Highlight.objects.filter(author=member)
        .visible_to(viewer)
        .select_related("article")
        .order_by("-created", "-pk")[:limit]
    )
    written = Counterargument.objects.filter(author=member, visibility=Visibility.VISIBLE)
    counterarguments = list(
        written.select_related("highlight__article").order_by("-created", "-pk")[:limit]
    )
    tallies = written.aggregate(up=Coalesce(Sum("upvotes"), 0), down=Coalesce(Sum("downvotes"), 0))
    return MemberActivity(
        passages=passages,
        counterarguments=counterarguments,
        upvotes=tallies["up"],
        downvotes=tallies["down"],
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
