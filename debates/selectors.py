"""Reads for the reading page and a passage's debate, in a fixed number of queries."""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce

from accounts.models import others_than_name, public_name
from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight, Visibility
from core.api.output import row_columns
from core.queries import Compiled

from . import ranking, rules
from .models import Counterargument, Notification, Vote
from .serializers import CounterargumentOutput

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
        .defer(*others_than_name("author"))
        .order_by("created", "pk")
    )
    votes = _my_votes(highlight, user) if items else {}
    for ca in items:
        # Every item's links need its passage: share the one we have instead of a query each.
        ca.highlight = highlight
    nodes = {
        ca.pk: ThreadItem(
            ca,
            votes.get(ca.pk, 0),
            can_see=rules.can_see_words(user, ca),
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


def _my_votes(highlight: Highlight, user) -> dict[int, int]:
    """The reader's votes on the passage's items (one query; none for a visitor)."""
    if user is None or not user.is_authenticated:
        return {}
    return dict(_MY_VOTES.rows(user.pk, highlight.pk))


def my_votes_rows(user, highlight) -> QuerySet:
    """The reader's votes on the passage's items, as (item, value)."""
    return Vote.objects.filter(user=user, counterargument__highlight=highlight).values_list(
        "counterargument_id", "value"
    )


_MY_VOTES = Compiled(my_votes_rows, 2)


@dataclass(slots=True)
class AnswerRow:
    """An answer or reply as the API gives it: the columns ``CounterargumentOutput``
    shows (``columns()``, derived from the serializer) and its author's id, without a
    model instance (building 40 answers and their authors as models cost more than the
    rest of the request). Attributes are the columns, ``__`` written ``_``. ``of()``
    makes one from a model instance."""

    id: int
    highlight_id: int
    parent_id: int | None
    author_username: str
    author_display_name: str
    stance: str
    body: str
    body_html: str
    sources: list
    visibility: str
    upvotes: int
    downvotes: int
    created: datetime.datetime
    edited: datetime.datetime | None
    author_id: int  # not shown, but who may read the words depends on it

    @staticmethod
    @functools.cache
    def columns() -> tuple[str, ...]:
        return (*row_columns(CounterargumentOutput), "author_id")

    @property
    def pk(self) -> int:
        return self.id

    @property
    def author_name(self) -> str:
        return public_name(username=self.author_username, display_name=self.author_display_name)

    @property
    def score(self) -> int:
        return self.upvotes - self.downvotes

    @classmethod
    def of(cls, ca: Counterargument) -> "AnswerRow":
        values: dict[str, Any] = {}
        for column in cls.columns():
            value: Any = ca
            for step in column.split("__"):
                value = getattr(value, step)
            values[column.replace("__", "_")] = value
        return cls(**values)


@dataclass(slots=True)
class AnswerListing:
    row: AnswerRow
    my_vote: int
    replies: int  # direct replies, placeholders included, as in the thread


def answer_rows(highlight: Highlight | int) -> QuerySet:
    """The passage's items as AnswerRow.columns(), oldest first."""
    return (
        Counterargument.objects.filter(highlight=highlight)
        .order_by("created", "pk")
        .values_list(*AnswerRow.columns())
    )


_ANSWER_ROWS = Compiled(answer_rows, 1)


def answer_row_list(highlight: Highlight) -> list[AnswerRow]:
    """The passage's items (answers and replies) as AnswerRows, oldest first: the rows of
    ``answer_rows``, whose query is compiled once (``core.queries``)."""
    names = [column.replace("__", "_") for column in AnswerRow.columns()]
    return [
        AnswerRow(**dict(zip(names, values, strict=True)))
        for values in _ANSWER_ROWS.rows(highlight.pk)
    ]


def passage_answers(*, highlight: Highlight, user, ordering: str = "best") -> list[AnswerListing]:
    """The passage's top-level answers in the chosen order, as ``passage_thread`` has
    them (the same items, order, votes and reply counts) but as rows, for the API. Two
    queries: the items and the reader's votes."""
    key = ranking.sort_key(ordering)
    rows = answer_row_list(highlight)
    votes = _my_votes(highlight, user) if rows else {}
    replies = Counter(row.parent_id for row in rows if row.parent_id is not None)
    roots = [row for row in rows if row.parent_id is None]
    roots.sort(key=key)
    return [AnswerListing(row, votes.get(row.pk, 0), replies[row.pk]) for row in roots]


def thread_item(*, counterargument: Counterargument, user) -> ThreadItem:
    """One item as the thread shows it (the reader's vote, whether they see its words),
    so a vote re-renders that item alone. One query: the reader's vote."""
    me = user.pk if user is not None and user.is_authenticated else None
    my_vote = 0
    if me is not None:
        my_vote = (
            Vote.objects.filter(user_id=me, counterargument=counterargument)
            .values_list("value", flat=True)
            .first()
            or 0
        )
    return ThreadItem(
        counterargument,
        my_vote,
        can_see=rules.can_see_words(user, counterargument),
    )


@dataclass
class ReadingPage:
    article: Article
    blocks: list
    contested: list[Highlight]
    passages: list[Highlight]
    orphans: list[Highlight]


def _count_apart(passages: list[Highlight]) -> None:
    """Answers and replies counted apart: `Highlight.answers` (kept by the services) is
    everything readers see under the passage; `reply_count` (annotated by the query, see
    _reply_count) the part that answers an answer. Sets `replies` and `top_answers`."""
    for h in passages:
        replies = vars(h)["reply_count"]
        vars(h).update(replies=replies, top_answers=max(0, h.answers - replies))


def _reply_count():
    """A passage's visible replies, as a correlated subquery (one index lookup a row)."""
    replies = (
        Counterargument.objects.filter(
            highlight=OuterRef("pk"), parent__isnull=False, visibility=Visibility.VISIBLE
        )
        .order_by()
        .values("highlight")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(replies), 0)


def reading_page(article: Article, user=None) -> ReadingPage:
    page = annotation_selectors.reading_page(article, user, figures={"reply_count": _reply_count()})
    passages = [*page.passages, *page.orphans]
    _count_apart(passages)
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
    """A member's latest notifications with what the list shows of each (who, the item
    and its words, the article), in one query."""
    return Notification.objects.filter(recipient=user).select_related(
        "actor", "counterargument__highlight__article", "highlight__article"
    )[:100]


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
        .annotate(reply_count=_reply_count())
        .order_by("-created", "-pk")[:limit]
    )
    _count_apart(passages)
    # What readers see of their words: visible items under passages this viewer may see
    # (the one visibility rule), never a hidden passage's answers.
    written = Counterargument.objects.filter(
        author=member, visibility=Visibility.VISIBLE
    ).visible_to(viewer)
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
