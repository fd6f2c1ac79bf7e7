"""The moderation log as sentences in the reader's language: "Mona removed Carol's answer
on 「The cost of AI」 and suspended Carol for 7 days: Spam." One place writes them, read
by the log page, its CSV export, the queue's confirmations and the admin.

Entries keep their raw before/after states (the record stays append-only and complete);
these sentences are only how people read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import ITEM_TYPES, ModerationAction, SuspensionDuration, TargetType

Action = ModerationAction.Action


def local_time(moment: datetime | None) -> str:
    """A moment as the reader's language writes it, in the site's time zone, to the
    minute (no ISO strings, no microseconds)."""
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _member(entry) -> str:
    return entry.member.public_name if entry.member else _("a former member")


def target_phrase(entry, title: str = "") -> str:
    """What the entry is about, as a noun phrase: "Carol's answer on 「…」"."""
    member = _member(entry)
    if entry.target_type == TargetType.COUNTERARGUMENT:
        if title:
            return _("%(member)s's answer on 「%(title)s」") % {"member": member, "title": title}
        return _("%(member)s's answer") % {"member": member}
    if entry.target_type == TargetType.HIGHLIGHT:
        if title:
            return _("%(member)s's passage in 「%(title)s」") % {"member": member, "title": title}
        return _("%(member)s's passage") % {"member": member}
    if entry.target_type == TargetType.ARTICLE:
        return _("the debate on 「%(title)s」") % {"title": title or entry.target_repr}
    return member


def _suspension(entry) -> str:
    member = _member(entry)
    duration = (entry.after or {}).get("duration", "")
    if duration == SuspensionDuration.PERMANENT:
        return _("suspended %(member)s permanently") % {"member": member}
    if duration in SuspensionDuration.values:
        return _("suspended %(member)s for %(duration)s") % {
            "member": member,
            "duration": SuspensionDuration(duration).label,
        }
    until = parse_datetime((entry.after or {}).get("suspended_until") or "")
    return _("suspended %(member)s until %(until)s") % {
        "member": member,
        "until": local_time(until),
    }


def verb_phrase(entry, title: str = "") -> str:
    """What was done, without its doer: "removed Carol's answer on 「…」"."""
    target = target_phrase(entry, title)
    member = _member(entry)
    phrases = {
        Action.AUTO_HIDE: lambda: _("hid %(target)s pending review") % {"target": target},
        Action.KEEP: lambda: _("kept %(target)s and dismissed its flags") % {"target": target},
        Action.HIDE: lambda: _("hid %(target)s") % {"target": target},
        Action.REMOVE: lambda: _("removed %(target)s") % {"target": target},
        Action.RESTORE: lambda: _("restored %(target)s") % {"target": target},
        Action.SUSPEND: lambda: _suspension(entry),
        Action.UNSUSPEND: lambda: _("lifted %(member)s's suspension") % {"member": member},
        Action.LOCK: lambda: _("locked %(target)s") % {"target": target},
        Action.UNLOCK: lambda: _("unlocked %(target)s") % {"target": target},
        Action.MAKE_MODERATOR: lambda: _("made %(member)s a moderator") % {"member": member},
        Action.REMOVE_MODERATOR: lambda: (
            _("removed %(member)s from the moderators") % {"member": member}
        ),
        Action.APPEAL_RESTORE: lambda: _("restored %(target)s on appeal") % {"target": target},
        Action.APPEAL_UPHOLD: lambda: (
            _("rejected the appeal on %(target)s (the decision stands)") % {"target": target}
        ),
    }
    phrase = phrases.get(entry.action)
    return phrase() if phrase else entry.get_action_display()


def actor(entry) -> str:
    if entry.moderator is None:
        return _("Automatic moderation")
    return entry.moderator.public_name


# A reason that already ends a sentence gets no second full stop.
_SENTENCE_ENDS = tuple(".!?…。！？")


def _end(sentence: str, reason: str) -> str:
    reason = (reason or "").strip()
    if reason and reason.endswith(_SENTENCE_ENDS):
        return _("%(sentence)s: %(reason)s") % {"sentence": sentence, "reason": reason}
    if reason:
        return _("%(sentence)s: %(reason)s.") % {"sentence": sentence, "reason": reason}
    return _("%(sentence)s.") % {"sentence": sentence}


def reason(entry) -> str:
    """Why, as the entry records it. The automatic hide's reason is the system's own
    sentence, written in whichever language the last flagger used; said again in the
    reader's language from the figures the entry keeps."""
    after = entry.after or {}
    if entry.action == Action.AUTO_HIDE and "flag_weight" in after and "threshold" in after:
        return _("Its flags weigh %(weight)s; %(threshold)s hides an item.") % {
            "weight": after["flag_weight"],
            "threshold": after["threshold"],
        }
    return entry.reason


def sentence(entries, title: str = "") -> str:
    """One sentence for one decision: a log entry, or the entries one decision wrote
    together (an item's removal and its author's suspension share their doer and
    reason). The reason ends it."""
    entries = [e for e in entries if e is not None]
    if not entries:
        return _("Nothing changed.")
    # The item first, then what happened to its author: the order a reader expects.
    entries.sort(key=lambda e: e.target_type == TargetType.MEMBER)
    phrases = [verb_phrase(e, title) for e in entries]
    joined = phrases[0]
    for phrase in phrases[1:]:
        joined = _("%(first)s and %(second)s") % {"first": joined, "second": phrase}
    body = _("%(actor)s %(did)s") % {"actor": actor(entries[0]), "did": joined}
    return _end(body, reason(entries[0]))


def item_title(item) -> str:
    """The title of the article a passage, an answer or a debate belongs to."""
    from annotations.models import Article, Highlight
    from debates.models import Counterargument

    if isinstance(item, Counterargument):
        return item.highlight.article.title
    if isinstance(item, Highlight):
        return item.article.title
    if isinstance(item, Article):
        return item.title
    return ""


# How far apart the two entries of one queue decision may be written (the same
# transaction writes both, a moment apart).
_ONE_DECISION = timedelta(seconds=5)


def _together(first, second) -> bool:
    """Whether two neighbouring log entries are one queue decision: an item hidden or
    removed and its author suspended, by the same moderator with the same reason. The
    log has no decision id; decide() writes exactly this pair in one transaction."""
    item, suspension = sorted((first, second), key=lambda e: e.target_type == TargetType.MEMBER)
    return bool(
        item.target_type in ITEM_TYPES
        and suspension.action == Action.SUSPEND
        and suspension.target_type == TargetType.MEMBER
        and item.member_id is not None
        and suspension.target_id == item.member_id
        and item.moderator_id is not None
        and item.moderator_id == suspension.moderator_id
        and item.reason == suspension.reason
        and abs(item.created - suspension.created) <= _ONE_DECISION
    )


def decisions(entries) -> list[list]:
    """Log entries (in the log's order) gathered into the decisions that wrote them: an
    item's removal and its author's suspension read as one sentence, like the queue's
    confirmation; everything else stands alone."""
    groups: list[list] = []
    for entry in entries:
        if groups and len(groups[-1]) == 1 and _together(groups[-1][0], entry):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _state(key: str, value) -> str:
    """One recorded value as people read it."""
    from annotations.models import Visibility

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "visibility" and value in Visibility.values:
        return str(Visibility(value).label)
    if key == "duration" and value in SuspensionDuration.values:
        return str(SuspensionDuration(value).label)
    if key == "suspended_until":
        moment = parse_datetime(str(value))
        if moment is not None:
            return _("permanently") if moment.year >= 9999 else local_time(moment)
    return str(value)


def _state_labels() -> dict[str, str]:
    return {
        "visibility": _("visibility"),
        "open_flags": _("open flags"),
        "suspended_until": _("suspended until"),
        "duration": _("suspension"),
        "debate_locked": _("debate locked"),
        "moderators_group": _("in the Moderators group"),
        "is_staff": _("staff status"),
        "flag_weight": _("weight of the open flags"),
        "threshold": _("weight that hides an item"),
    }


def changes(entry) -> list[tuple[str, str, str]]:
    """What the entry changed, as (what, before, after) in the reader's language: the
    raw before/after record, readable (moderators open it under the sentence)."""
    before, after = entry.before or {}, entry.after or {}
    labels = _state_labels()
    return [
        (labels.get(key, key), _state(key, before.get(key)), _state(key, after.get(key)))
        for key in dict.fromkeys([*before, *after])
    ]


@dataclass
class Line:
    """One line of the log page: a decision's entries (newest first) and its sentence."""

    entries: list
    text: str
    created: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.created = self.entries[0].created

    @property
    def when(self) -> str:
        return local_time(self.created)

    @property
    def details(self) -> list[list[tuple[str, str, str]]]:
        """Each entry's changes (see changes()), for the collapsed record under it."""
        return [changes(entry) for entry in self.entries]

    @property
    def member(self):
        return next((e.member for e in self.entries if e.member is not None), None)


def lines(page) -> list[Line]:
    """A page of the log (selectors.LogPage) as the sentences the log page shows."""
    result = []
    for group in decisions(page.entries):
        item = next((e for e in group if e.target_type != TargetType.MEMBER), group[0])
        result.append(Line(entries=group, text=sentence(list(group), page.title(item))))
    return result
