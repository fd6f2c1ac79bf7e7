"""What each notification says, in the reader's language: its headline, the words it may
quote, the article it is about. One place for the page, the API and the tests.

A notification never quotes words its recipient may not read: an item hidden from them
shows its placeholder (its author and the moderators read it, as on the reading page)."""

from __future__ import annotations

from html import unescape

from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from annotations import rules as passage_rules
from annotations.models import HIDDEN

from . import rules
from .models import Counterargument, Notification

Kind = Notification.Kind

# The kinds that tell an author about their own item, and may lead to an appeal.
AUTHOR_KINDS = (Kind.AUTO_HIDDEN, Kind.HIDDEN, Kind.REMOVED, Kind.RESTORED, Kind.SUSPENDED)
DECISION_KINDS = (Kind.AUTO_HIDDEN, Kind.HIDDEN, Kind.REMOVED)
EXCERPT_LENGTH = 160


def _thing(n: Notification) -> str:
    return _("answer") if n.counterargument_id else _("passage")


def until_text(n: Notification) -> str:
    if n.until is None or n.until.year >= 9999:
        return ""
    # Numeric, as the suspension banner writes it (the locale's long form may end in a
    # full stop of its own, "p.m.", before the sentence's).
    return date_format(localtime(n.until), "Y-m-d H:i")


def headline(n: Notification) -> str:
    """One sentence: who did what to what (moderators are "a moderator": the decision is
    the team's, not a person's)."""
    name = n.actor.public_name if n.actor else ""
    thing = _thing(n)
    if n.kind == Kind.REPLY:
        return _("%(name)s replied to you") % {"name": name}
    if n.kind == Kind.COUNTER:
        return _("%(name)s answered your passage") % {"name": name}
    if n.kind == Kind.SUSPENDED:
        until = until_text(n)
        if until:
            return _("Your account is suspended until %(until)s.") % {"until": until}
        return _("Your account is suspended permanently.")
    sentences: dict[str, str] = {
        Kind.FLAG_UPHELD: _("A moderator upheld your flag on this %(thing)s."),
        Kind.FLAG_DISMISSED: _(
            "A moderator reviewed your flag and kept this %(thing)s: the flag was not upheld."
        ),
        Kind.AUTO_HIDDEN: _(
            "Your %(thing)s was hidden after members flagged it; a moderator will review it."
        ),
        Kind.HIDDEN: _("A moderator hid your %(thing)s."),
        Kind.REMOVED: _("A moderator removed your %(thing)s."),
        Kind.RESTORED: _("A moderator restored your %(thing)s."),
        Kind.APPEAL_RESTORED: _("Your appeal was accepted: your %(thing)s is restored."),
        Kind.APPEAL_UPHELD: _(
            "Your appeal was rejected: the decision on your %(thing)s stands. It is final."
        ),
    }
    sentence = sentences.get(n.kind)
    return sentence % {"thing": thing} if sentence else str(n.get_kind_display())


def shows_reason(n: Notification) -> bool:
    """The reason is said to the member it is about, not to flaggers."""
    return bool(n.reason) and n.kind not in (Kind.FLAG_UPHELD, Kind.FLAG_DISMISSED)


def may_read_words(user, item) -> bool:
    """The reading page's rules: the recipient sees the words, or only a placeholder."""
    if isinstance(item, Counterargument):
        return (
            not item.is_removed and rules.can_read(user, item) and rules.can_see_words(user, item)
        )
    return passage_rules.can_read(user, item)


def excerpt(n: Notification, user) -> str:
    """The item's words, shortened, if the recipient may read them; else ""."""
    item = n.item
    if item is None or not may_read_words(user, item):
        return ""
    text = strip_tags(item.body_html) if isinstance(item, Counterargument) else item.exact
    text = " ".join(unescape(text).split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def article_of(n: Notification):
    item = n.item
    if item is None:
        return None
    return item.highlight.article if isinstance(item, Counterargument) else item.article


def about_own_hidden_item(n: Notification, user) -> bool:
    """A decision on the recipient's own item that still stands: the notice may offer an
    appeal (moderation/rules.py decides whether one is allowed)."""
    item = n.item
    return (
        n.kind in DECISION_KINDS
        and item is not None
        and item.author_id == user.pk
        and item.visibility in HIDDEN
    )


def appeal_places(notifications, user) -> set[int]:
    """The notices that offer (or show) the appeal: of each of the recipient's own items
    still hidden or removed, the newest decision notice only, so the form is not
    repeated under every notice about the same item. `notifications` newest first."""
    places: set[int] = set()
    seen: set[tuple[str, int]] = set()
    for n in notifications:
        if not about_own_hidden_item(n, user):
            continue
        key = (
            ("counterargument", n.counterargument_id)
            if n.counterargument_id
            else (
                "highlight",
                n.highlight_id,
            )
        )
        if key not in seen:
            seen.add(key)
            places.add(n.pk)
    return places
