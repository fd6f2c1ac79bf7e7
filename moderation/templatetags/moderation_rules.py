"""The moderation rules for templates: `{% if ca|can_flag:user %}` (moderation/rules.py
is the one definition)."""

from django import template

from moderation import rules, sentences
from moderation.models import TargetType

register = template.Library()


@register.filter
def can_flag(target, user) -> bool:
    return rules.can_flag(user, target)


@register.filter
def flagged_in(target, viewer_flags) -> bool:
    """`{% if target|flagged_in:viewer_flags %}`: whether the reader already flagged it
    (viewer_flags comes from the moderation context processor)."""
    return bool(viewer_flags) and target in viewer_flags


@register.filter
def can_lock(user) -> bool:
    return rules.can_lock(user)


@register.filter
def appeal_in(target, viewer_appeals):
    """`{% with appeal=item|appeal_in:viewer_appeals %}`: the reader's appeal on it, if
    any (viewer_appeals comes from the moderation context processor)."""
    return viewer_appeals.get(target) if viewer_appeals else None


@register.filter
def item_kind(target) -> str:
    """ "counterargument" or "highlight", as the flag and appeal URLs name them."""
    return str(TargetType.of(target))


@register.filter
def appealed_decision(appeal) -> str:
    """The decision an appeal is against, as the log says it."""
    return sentences.sentence([appeal.decision], sentences.item_title(appeal.target))
