"""Reads for moderators: the review queue and the log, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Min, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from annotations.models import Highlight, Visibility
from core.members import is_moderator
from debates.models import Counterargument

from .models import ITEM_TYPES, Appeal, Flag, ModerationAction, TargetType
from .weights import FlaggerRecord, number


@dataclass
class QueueItem:
    """A flagged passage or answer with what a moderator needs to decide on it."""

    kind: str  # TargetType.COUNTERARGUMENT or TargetType.HIGHLIGHT
    item: Counterargument | Highlight
    flags: list[Flag]
    first_flagged: datetime
    author_hides: int  # this author's other items ever hidden or removed
    weight: Decimal  # the open flags' total (moderation/weights.py)

    @property
    def weight_text(self) -> str:
        return number(self.weight)

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


def _open_flags():
    return Flag.objects.filter(state=Flag.State.OPEN)


def _open_appeals():
    return Appeal.objects.filter(state=Appeal.State.OPEN)


def _flagged_items():
    """How many items the open flags are about: a flag is about exactly one item
    (EXACTLY_ONE_ITEM), so the distinct answers plus the distinct passages."""
    return Count("counterargument", distinct=True) + Count("highlight", distinct=True)


def _open_flag_groups():
    return (
        _open_flags()
        .values("counterargument_id", "highlight_id")
        .annotate(count=Count("pk"), weight=Sum("weight"), first=Min("created"))
    )


def moderation_queue_size() -> int:
    """What waits for a moderator, for the header's badge: the flagged items and the
    open appeals (one query)."""
    open_appeals = _open_appeals().order_by().values("state").annotate(n=Count("pk")).values("n")
    return _open_flags().aggregate(size=_flagged_items() + Coalesce(Subquery(open_appeals), 0))[
        "size"
    ]


def moderation_queue(
    *, user=None, limit: int = QUEUE_SIZE, only: tuple[str, int] | None = None
) -> list[QueueItem]:
    """Items with open flags, the heaviest first (the open flags' total weight), then the
    longest waiting. Five queries
    whatever the queue's length: the groups, the flags, the answers, the passages, and the
    authors' histories. `user` is the moderator asking (callers check that); every
    moderator sees the same queue. `only` narrows it to one item (see queue_item)."""
    groups_query = _open_flag_groups()
    if only is not None:
        kind, pk = only
        groups_query = groups_query.filter(**{f"{kind}_id": pk})
    groups = list(groups_query.order_by("-weight", "first")[:limit])
    if not groups:
        return []
    ca_ids = [g["counterargument_id"] for g in groups if g["counterargument_id"]]
    h_ids = [g["highlight_id"] for g in groups if g["highlight_id"]]
    flags: dict[tuple[str, int | None], list[Flag]] = {}
    for flag in (
        _open_flags()
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
    # Which of each author's items were ever hidden or removed: the item at hand is
    # subtracted below, so its own automatic hide is not "an earlier hide".
    hidden_items: dict[int, set[tuple[str, int]]] = {}
    for member_id, target_type, target_id in (
        ModerationAction.objects.filter(
            member_id__in=authors, action__in=HIDING_ACTIONS, target_type__in=ITEM_TYPES
        )
        .values_list("member_id", "target_type", "target_id")
        .distinct()
    ):
        hidden_items.setdefault(member_id, set()).add((target_type, target_id))
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
                author_hides=len(hidden_items.get(item.author_id, set()) - {key}),
                weight=group["weight"],
            )
        )
    return queue


def flagger_record(user) -> FlaggerRecord:
    """What the flag weight rule reads about a member: account age, flags raised, upheld
    and rejected (dismissed), and whether they moderate (one query)."""
    counts = Flag.objects.filter(user=user).aggregate(
        raised=Count("pk"),
        upheld=Count("pk", filter=Q(state=Flag.State.UPHELD)),
        rejected=Count("pk", filter=Q(state=Flag.State.DISMISSED)),
    )
    return FlaggerRecord(
        account_age_days=max((timezone.now() - user.date_joined).days, 0),
        raised=counts["raised"],
        upheld=counts["upheld"],
        rejected=counts["rejected"],
        is_staff=is_moderator(user),
    )


class ViewerFlags:
    """The passages and answers one reader has flagged, read on the first question and
    then answered from memory: one query per page or partial, however many items it
    shows (a member's flags are few: the flag rate limit bounds them)."""

    def __init__(self, user):
        self._user = user
        self._keys: set[tuple[str, int]] | None = None

    def __contains__(self, target) -> bool:
        if self._user is None or not self._user.is_authenticated:
            return False
        if self._keys is None:
            self._keys = set()
            for highlight_id, counterargument_id in Flag.objects.filter(
                user=self._user
            ).values_list("highlight_id", "counterargument_id"):
                if counterargument_id:
                    self._keys.add((TargetType.COUNTERARGUMENT, counterargument_id))
                else:
                    self._keys.add((TargetType.HIGHLIGHT, highlight_id))
        return (TargetType.of(target), target.pk) in self._keys


def moderation_log(
    *,
    member=None,
    action: str = "",
    moderator=None,
    automatic: bool = False,
    target_type: str = "",
    since: date | None = None,
    until: date | None = None,
):
    """The append-only audit log, newest first, narrowed by whichever filters are given:
    one member's entries, one action, one moderator's (or the automatic ones), one kind
    of target, the days `since` to `until` (both included, in the current time zone). A
    queryset, for the callers to page (moderation_log_page) or stream."""
    entries = ModerationAction.objects.select_related("moderator", "member").order_by(
        "-created", "-pk"
    )
    if member is not None:
        entries = entries.filter(member=member)
    if action:
        entries = entries.filter(action=action)
    if automatic:
        entries = entries.filter(moderator__isnull=True)
    elif moderator is not None:
        entries = entries.filter(moderator=moderator)
    if target_type:
        entries = entries.filter(target_type=target_type)
    # Bounds on the column itself (not created__date), so the index on `created` serves.
    zone = timezone.get_current_timezone()
    if since is not None and since > date.min:
        entries = entries.filter(created__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None and until < date.max:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        entries = entries.filter(created__lt=end)
    return entries


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class LogCursor:
    """Where a page of the log ends: the last entry's time and id. The next page starts
    strictly after it in the log's order (-created, -pk), so paging costs the same on the
    first page as on the thousandth (no OFFSET, no COUNT)."""

    created: datetime
    pk: int

    def __str__(self) -> str:
        return f"{(self.created - _EPOCH) // timedelta(microseconds=1)}.{self.pk}"

    @classmethod
    def parse(cls, text: str) -> "LogCursor | None":
        """The cursor a page link carries, or None when it is not one."""
        micros, dot, pk = (text or "").partition(".")
        # Bounded so the time stays within datetime's years and the id within a bigint.
        if not (dot and micros.isdigit() and pk.isdigit() and len(micros) <= 17 and len(pk) <= 18):
            return None
        try:
            return cls(_EPOCH + timedelta(microseconds=int(micros)), int(pk))
        except OverflowError:
            return None


@dataclass
class LogPage:
    """One page of the log, with the titles its sentences name and where the next starts."""

    entries: list[ModerationAction]
    titles: dict[tuple[str, int], str]
    next: LogCursor | None

    def title(self, entry: ModerationAction) -> str:
        return self.titles.get((entry.target_type, entry.target_id), "")


def log_titles(entries) -> dict[tuple[str, int], str]:
    """The title of the article each entry's answer, passage or debate belongs to: one
    query per kind of target on the page, however many entries (members have none). An
    item deleted since has no title; its sentence does without."""
    from annotations.models import Article

    ids: dict[str, set[int]] = {}
    for entry in entries:
        ids.setdefault(entry.target_type, set()).add(entry.target_id)
    lookups = {
        TargetType.COUNTERARGUMENT: (Counterargument.objects, "highlight__article__title"),
        TargetType.HIGHLIGHT: (Highlight.objects, "article__title"),
        TargetType.ARTICLE: (Article.objects, "title"),
    }
    titles: dict[tuple[str, int], str] = {}
    for kind, (manager, field) in lookups.items():
        if ids.get(kind):
            for pk, title in manager.filter(pk__in=ids[kind]).values_list("pk", field):
                titles[(kind, pk)] = title
    return titles


def moderation_log_page(entries, *, after: LogCursor | None = None, size: int = 50) -> LogPage:
    """The `size` entries of a moderation_log() queryset that follow `after`, with their
    titles: at most four queries whatever the page's length (the entries with their
    moderators and members, then the titles of answers, passages and debates)."""
    if after is not None:
        entries = entries.filter(
            Q(created__lt=after.created) | Q(created=after.created, pk__lt=after.pk)
        )
    rows = list(entries[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if more else None
    return LogPage(
        entries=rows,
        titles=log_titles(rows),
        next=LogCursor(last.created, last.pk) if last is not None else None,
    )


def moderation_log_pages(entries, *, size: int = 500):
    """Every page of a moderation_log() queryset in turn, for an export that streams:
    memory stays one page whatever the log's length."""
    cursor = None
    while True:
        page = moderation_log_page(entries, after=cursor, size=size)
        if page.entries:
            yield page
        if page.next is None:
            return
        cursor = page.next


def log_moderators() -> list:
    """Everyone who has acted in the log, by name: the log's moderator filter (one
    query; former moderators stay findable)."""
    from django.contrib.auth import get_user_model

    acted = ModerationAction.objects.filter(moderator__isnull=False).values("moderator_id")
    return list(get_user_model().objects.filter(pk__in=acted).order_by("username"))


def queue_item(*, kind: str, pk: int) -> QueueItem | None:
    """One item of the queue as the queue shows it (None once its flags are closed), so a
    decision re-renders that item alone."""
    found = moderation_queue(limit=1, only=(kind, pk))
    return found[0] if found else None


@dataclass
class Dashboard:
    """What needs a moderator now, and what happened lately."""

    open_flags: int
    flagged_items: int
    pending_review: int
    appeals: int
    oldest_waiting: datetime | None
    actions_this_week: list[tuple[str, object, int]]  # (action, its label, how many)
    suspensions: list  # members suspended now, soonest end first
    suspensions_total: int
    days: list[date]
    flags_per_day: list[int]
    decisions_per_day: list[int]

    @property
    def waiting_for(self) -> timedelta | None:
        return timezone.now() - self.oldest_waiting if self.oldest_waiting else None


DASHBOARD_DAYS = 30
DASHBOARD_SUSPENSIONS = 20


def _per_day(queryset, days: list[date]) -> list[int]:
    """How many rows were created on each day, in the current time zone (one query)."""
    counts = dict(
        queryset.annotate(day=TruncDate("created", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return [counts.get(day, 0) for day in days]


@dataclass
class QueueCounts:
    open_flags: int
    flagged_items: int
    pending_review: int
    oldest_waiting: datetime | None
    appeals: int


def open_appeals_count() -> int:
    return _open_appeals().count()


APPEALS_SHOWN = 50


def open_appeals(*, limit: int = APPEALS_SHOWN, only: int | None = None) -> list[Appeal]:
    """Appeals waiting for a moderator, the oldest first, with their item, its author and
    article, and the decision appealed: one query whatever their number."""
    appeals = _open_appeals()
    if only is not None:
        appeals = appeals.filter(pk=only)
    return list(
        appeals.select_related(
            "appellant",
            "decision__moderator",
            "decision__member",
            "counterargument__author",
            "counterargument__highlight__article",
            "highlight__author",
            "highlight__article",
        ).order_by("created", "pk")[:limit]
    )


class ViewerAppeals:
    """A member's appeals by item, read on the first question (one query per page), for
    the notices that offer an appeal."""

    def __init__(self, user):
        self._user = user
        self._states: dict[tuple[str, int | None], Appeal] | None = None

    def get(self, target) -> Appeal | None:
        if self._user is None or not self._user.is_authenticated:
            return None
        if self._states is None:
            self._states = {
                (appeal.kind, appeal.counterargument_id or appeal.highlight_id): appeal
                for appeal in Appeal.objects.filter(appellant=self._user)
            }
        return self._states.get((TargetType.of(target), target.pk))


def latest_decision(target) -> ModerationAction | None:
    """The latest hide or removal of a passage or an answer (what an appeal is against)."""
    return (
        ModerationAction.objects.filter(
            target_type=TargetType.of(target), target_id=target.pk, action__in=HIDING_ACTIONS
        )
        .select_related("moderator", "member")
        .order_by("-created", "-pk")
        .first()
    )


def appeal_on(target) -> Appeal | None:
    """The appeal on a passage or an answer, if its author made one (at most one)."""
    return (
        Appeal.objects.filter(**{TargetType.of(target): target})
        .select_related("decided_by")
        .first()
    )


def moderation_queue_counts() -> QueueCounts:
    """What the queue page counts (four queries)."""
    flags = _open_flags().aggregate(n=Count("pk"), items=_flagged_items(), oldest=Min("created"))
    return QueueCounts(
        open_flags=flags["n"],
        flagged_items=flags["items"],
        pending_review=(
            Counterargument.objects.filter(visibility=Visibility.PENDING_REVIEW).count()
            + Highlight.objects.filter(visibility=Visibility.PENDING_REVIEW).count()
        ),
        oldest_waiting=flags["oldest"],
        appeals=open_appeals_count(),
    )


def moderation_dashboard(*, now: datetime | None = None) -> Dashboard:
    """The dashboard's figures in a fixed number of queries, whatever the data: open
    flags, pending items (two), this week's actions, suspensions (two) and the two daily
    series. Callers check that the reader is a moderator."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    today = timezone.localdate(now)
    days = [today - timedelta(days=n) for n in range(DASHBOARD_DAYS - 1, -1, -1)]
    start = datetime.combine(days[0], time.min, tzinfo=timezone.get_current_timezone())
    counts = moderation_queue_counts()
    labels = dict(ModerationAction.Action.choices)
    week = (
        ModerationAction.objects.filter(created__gte=now - timedelta(days=7))
        .values("action")
        .annotate(n=Count("pk"))
        .order_by("-n", "action")
    )
    User = get_user_model()
    suspended = User.objects.filter(suspended_until__gt=now).order_by("suspended_until", "pk")
    decisions = ModerationAction.objects.filter(created__gte=start, moderator__isnull=False)
    return Dashboard(
        open_flags=counts.open_flags,
        flagged_items=counts.flagged_items,
        pending_review=counts.pending_review,
        appeals=counts.appeals,
        oldest_waiting=counts.oldest_waiting,
        actions_this_week=[
            (row["action"], labels.get(row["action"], row["action"]), row["n"]) for row in week
        ],
        suspensions=list(suspended[:DASHBOARD_SUSPENSIONS]),
        suspensions_total=suspended.count(),
        days=days,
        flags_per_day=_per_day(Flag.objects.filter(created__gte=start), days),
        decisions_per_day=_per_day(decisions, days),
    )
