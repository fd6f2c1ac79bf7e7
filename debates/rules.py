"""Who may see and do what with answers and replies: the one place each rule is written.
Each `*_refusal` function says why not (the error a service raises) or None; the matching
`can_*` predicate is its yes/no, for selectors, serializers, the admin and templates (the
`rules` template filters). A rule changed here changes on every path at once."""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from annotations.models import HIDDEN, Highlight, Visibility
from annotations.rules import can_read as can_read_passage
from annotations.rules import passage_visible_q
from core.errors import Refused, Suspended
from core.members import is_moderator, is_signed_in, suspension_notice

from .models import Counterargument

# Shown to every reader who may see the passage: visible items, and removed ones as
# placeholders so the replies under them keep their place.
SHOWN = (Visibility.VISIBLE, Visibility.REMOVED_BY_AUTHOR, Visibility.REMOVED_BY_MODERATOR)


def answer_visible_q(user, prefix: str = "") -> Q:
    """The answers and replies this reader may open: shown ones and their own, under a
    passage they may see; everything for moderators. The one visibility rule of every
    read path (HTML, API, W3C, profiles, flags, search, events)."""
    if is_moderator(user):
        return Q()
    shown = Q(**{f"{prefix}visibility__in": SHOWN})
    if is_signed_in(user):
        shown |= Q(**{f"{prefix}author": user})
    return shown & passage_visible_q(user, prefix=f"{prefix}highlight__")


def answer_words_found_q(user, prefix: str = "") -> Q:
    """The answers whose words search may find for this reader: those the reading page
    shows them with their words (answer_visible_q and can_see_words), so never the words
    of a hidden item for others, nor of an item its author removed (a placeholder)."""
    words = ~Q(**{f"{prefix}visibility": Visibility.REMOVED_BY_AUTHOR})
    if not is_moderator(user):
        seen = ~Q(**{f"{prefix}visibility__in": HIDDEN})
        if is_signed_in(user):
            seen |= Q(**{f"{prefix}author": user})
        words &= seen
    return answer_visible_q(user, prefix) & words


def can_read(user, ca: Counterargument) -> bool:
    """answer_visible_q for one item in hand (its highlight loaded)."""
    if is_moderator(user):
        return True
    mine = is_signed_in(user) and ca.author_id == user.pk
    return (ca.visibility in SHOWN or mine) and can_read_passage(user, ca.highlight)


def can_see_words(user, ca: Counterargument) -> bool:
    """May read the item's words (not only its placeholder): it is not hidden, or the
    reader is its author or a moderator."""
    return (
        not ca.is_hidden or is_moderator(user) or (is_signed_in(user) and ca.author_id == user.pk)
    )


class _Item(Protocol):
    visibility: str
    author_id: int


def api_shows_words(user, ca: _Item) -> bool:
    """The API gives the item's words (body and sources): it is visible, or the reader
    is its author or a moderator. Stricter than can_see_words by the items their author
    removed, whose placeholder the HTML draws from their visibility alone."""
    return (
        ca.visibility == Visibility.VISIBLE
        or (is_signed_in(user) and ca.author_id == user.pk)
        or is_moderator(user)
    )


def _member_refusal(user, message: str) -> Exception | None:
    if user is ANY_MEMBER:
        return None
    if not is_signed_in(user):
        return Refused(message, code="signed_out")
    notice = suspension_notice(user)
    if notice:
        return Suspended(notice)
    return None


def _locked(article) -> Exception | None:
    if article.debate_locked:
        return ValidationError(_("This article's debate is locked."), code="locked")
    return None


class _AnyMember:
    """Stands for "a member in good standing" when asking what signing in would allow
    (the "sign in to answer" links): member checks pass, ownership checks fail."""

    pk = None
    is_authenticated = True


ANY_MEMBER = _AnyMember()


def answer_refusal(user, highlight: Highlight) -> Exception | None:
    """Why this member may not answer this passage now, or None."""
    return (
        _member_refusal(user, _("Sign in to answer a passage."))
        or _locked(highlight.article)
        or (
            ValidationError(
                _("This passage is no longer in the text; it can't take new answers."),
                code="orphaned",
            )
            if highlight.is_orphaned
            else None
        )
        or (
            ValidationError(
                _("This passage was removed or hidden; it can't take new answers."),
                code="closed",
            )
            if highlight.is_hidden
            else None
        )
    )


def _closed(ca: Counterargument, message: str) -> Exception | None:
    """An item takes replies and votes only while it and its passage are open."""
    if not ca.is_open or ca.highlight.is_hidden:
        return ValidationError(message, code="closed")
    return None


def reply_refusal(user, parent: Counterargument) -> Exception | None:
    return (
        _member_refusal(user, _("Sign in to reply."))
        or _locked(parent.highlight.article)
        or _closed(parent, _("This item was removed or hidden; it can't take replies."))
    )


def vote_refusal(user, ca: Counterargument) -> Exception | None:
    return (
        _member_refusal(user, _("Sign in to vote."))
        or (
            ValidationError(_("You can't vote on your own words."), code="own")
            if ca.author_id == user.pk
            else None
        )
        or _closed(ca, _("This item was removed or hidden; it can't be voted on."))
        or _locked(ca.highlight.article)
    )


def edit_refusal(user, ca: Counterargument) -> Exception | None:
    return (
        _member_refusal(user, _("Sign in to edit."))
        or (None if ca.author_id == user.pk else Refused(_("Only its author can edit this.")))
        or _locked(ca.highlight.article)
        or (
            None
            if ca.is_open
            else ValidationError(
                _("This item was removed or hidden; it can't be edited."), code="closed"
            )
        )
    )


def remove_refusal(user, ca: Counterargument) -> Exception | None:
    return (
        _member_refusal(user, _("Sign in to remove."))
        or (None if ca.author_id == user.pk else Refused(_("Only its author can remove this.")))
        or (None if ca.is_removed else _locked(ca.highlight.article))
        or (
            None
            if ca.is_open or ca.is_removed
            # A moderator's decision on the item stays in force.
            else ValidationError(
                _("This item was hidden or removed by a moderator; it can't be changed."),
                code="closed",
            )
        )
    )


def can_answer(user, highlight: Highlight) -> bool:
    return answer_refusal(user, highlight) is None


def can_reply(user, ca: Counterargument) -> bool:
    return reply_refusal(user, ca) is None


def can_vote(user, ca: Counterargument) -> bool:
    return vote_refusal(user, ca) is None


def can_edit(user, ca: Counterargument) -> bool:
    return edit_refusal(user, ca) is None


def can_remove(user, ca: Counterargument) -> bool:
    return remove_refusal(user, ca) is None and not ca.is_removed


def could_answer(highlight: Highlight) -> bool:
    """Whether a member in good standing could answer: for a signed-out reader's link."""
    return can_answer(ANY_MEMBER, highlight)


def could_reply(ca: Counterargument) -> bool:
    return can_reply(ANY_MEMBER, ca)


def could_vote(ca: Counterargument) -> bool:
    return can_vote(ANY_MEMBER, ca)


def raise_if(refusal: Exception | None) -> None:
    """Services: raise the rule's refusal, if any."""
    if refusal is not None:
        raise refusal
