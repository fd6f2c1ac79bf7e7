"""Reads for the reading page and a passage's debate, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Sum, prefetch_related_objects
from django.db.models.functions import Coalesce

from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight, Visibility

from . import ranking
from .models import Counterargument, Notification, Vote

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
    for ca in items:
        # Every item's links need its passage: share the one we have instead of a query each.
        ca.highlight = highlight
    # Earlier versions are shown under an item's "edited" mark: one more query, only when
    # something was edited late.
    prefetch_related_objects([ca for ca in items if ca.edited and not ca.is_removed], "versions")
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
