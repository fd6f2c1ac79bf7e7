"""Who may see and do what with articles and passages: the one place each rule is
written. Services, selectors, serializers, the admin and templates (through the
`rules` template tags) all ask these."""

from __future__ import annotations

from django.db.models import Q

from core.members import can_write, is_moderator, is_signed_in

from .models import Article, Highlight, Visibility


def passage_visible_q(user, prefix: str = "") -> Q:
    """The passages this reader may see, as a filter: visible ones, their own hidden
    ones, and everything for moderators. `prefix` reaches passages through a relation
    ("highlight__" from an answer)."""
    if is_moderator(user):
        return Q()
    shown = Q(**{f"{prefix}visibility": Visibility.VISIBLE})
    if is_signed_in(user):
        shown |= Q(**{f"{prefix}author": user})
    return shown


def may_see_hidden_passages(user) -> bool:
    """Whether passage_visible_q can let this reader see any passage that is not visible
    to everyone (their own hidden ones, or all for moderators): the readers whose reading
    page may differ from the public one."""
    return is_signed_in(user)


def can_read(user, highlight: Highlight) -> bool:
    """The same rule as passage_visible_q, for one passage in hand."""
    return (
        is_moderator(user)
        or highlight.visibility == Visibility.VISIBLE
        or (is_signed_in(user) and highlight.author_id == user.pk)
    )


def could_mark(article: Article) -> bool:
    """Passages can be marked in this article (by a member in good standing)."""
    return not article.debate_locked


def can_mark(user, article: Article) -> bool:
    """May select words of this article and mark them as a passage."""
    return can_write(user) and could_mark(article)


def can_revise(user, article: Article) -> bool:
    """The member who imported the article, or staff who may edit articles (admins, not
    every staff member: moderators are staff to reach the admin, and they never change
    anyone's words)."""
    return can_write(user) and (
        article.imported_by_id == user.pk
        or (user.is_staff and user.has_perm("annotations.change_article"))
    )


def can_delete(user, highlight: Highlight) -> bool:
    """Its author, while nobody has answered it."""
    return can_write(user) and highlight.author_id == user.pk and not highlight.answers
